package dev.thumbd.resizer.kernel;

/**
 * Picks the resampler for this JVM: the Vector API twin when the {@code jdk.incubator.vector} module is in the boot
 * layer, else the scalar reference. No reflection: the module check decides whether {@link VectorResampler} is ever
 * loaded.
 */
public final class Resamplers {

    private static final String MODULE = "jdk.incubator.vector";

    private Resamplers() {
    }

    /** Whether the Vector API is available to this JVM. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The fastest resampler this JVM can run. */
    public static Resampler preferred() {
        return vectorAvailable() ? new VectorResampler() : new ScalarResampler();
    }

    /** By name, for the command line and benchmarks: {@code vector} or {@code scalar}. */
    public static Resampler named(String name) {
        return switch (name) {
            case "scalar" -> new ScalarResampler();
            case "vector" -> {
                if (!vectorAvailable()) {
                    throw new IllegalArgumentException("the vector resampler needs --add-modules=" + MODULE);
                }
                yield new VectorResampler();
            }
            default -> throw new IllegalArgumentException("unknown resampler '" + name + "' (vector or scalar)");
        };
    }

    /** One line for the startup log: the SIMD width in use, or why SIMD is off and the flag that turns it on. */
    public static String describe() {
        if (!vectorAvailable()) {
            return "resize: scalar kernel (SIMD off: start the JVM with --add-modules=" + MODULE + ")";
        }
        return "resize: Vector API kernel, " + VectorResampler.LANES + " float lanes ("
                + VectorResampler.LANES * 32 + "-bit vectors)";
    }
}
