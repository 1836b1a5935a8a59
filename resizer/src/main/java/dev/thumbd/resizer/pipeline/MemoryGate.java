package dev.thumbd.resizer.pipeline;

/**
 * Admits a render once its memory is known ({@link RenderCost}, computed from the header and the plan) and before
 * any pixel is allocated. The service's gate is the global pixel budget ({@code admission.PixelBudget}); the command
 * line renders one image at a time and needs none.
 */
@FunctionalInterface
public interface MemoryGate {

    /** Admits everything at once. */
    MemoryGate UNLIMITED = cost -> () -> { };

    /**
     * Waits until {@code cost} fits, then holds its bytes until the permit is closed.
     *
     * @throws dev.thumbd.problem.ProblemException {@code IMAGE_TOO_LARGE} (422) when the render alone is over what
     *         one render may hold, {@code OVERLOADED} (503) when it did not fit within the admission wait
     */
    Permit admit(RenderCost cost);

    /** Whether {@code cost} could ever be admitted (it is not over the budget on its own). */
    default boolean fits(RenderCost cost) {
        return true;
    }

    /** What decides which renders fit (part of the engine's output version: it chooses between plans). */
    default String describe() {
        return "unlimited";
    }

    /**
     * Refuses at once a render that could never be admitted.
     *
     * @throws dev.thumbd.problem.ProblemException {@code IMAGE_TOO_LARGE} (422) naming the limit it is over
     */
    default void requireFits(RenderCost cost) {
    }

    /** Bytes held by one render; closing gives them back (once). */
    @FunctionalInterface
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
