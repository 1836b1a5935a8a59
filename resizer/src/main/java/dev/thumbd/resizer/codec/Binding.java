package dev.thumbd.resizer.codec;

import java.util.Optional;

/**
 * The outcome of loading a native library binding: the binding, or why it cannot be used (library or symbol
 * missing). The format registry logs the reason at startup and serves the format from a fallback instead.
 *
 * @param <T> the binding class, e.g. {@code TurboJpeg}
 */
public sealed interface Binding<T> permits Binding.Available, Binding.Unavailable {

    /** The binding, if the library loaded with every symbol. */
    Optional<T> library();

    /** A loaded binding. */
    record Available<T>(T binding) implements Binding<T> {
        @Override
        public Optional<T> library() {
            return Optional.of(binding);
        }
    }

    /** A library that cannot be used, and why (fit for the startup log). */
    record Unavailable<T>(String reason) implements Binding<T> {
        @Override
        public Optional<T> library() {
            return Optional.empty();
        }
    }
}
