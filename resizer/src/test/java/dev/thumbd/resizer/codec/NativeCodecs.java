package dev.thumbd.resizer.codec;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import dev.thumbd.resizer.codec.png.LibPng;

/**
 * The native bindings for tests: skips the test when a library is missing, except under {@code CI=true}, where the
 * build image must have them and absence is a failure.
 */
public final class NativeCodecs {

    private NativeCodecs() {
    }

    /** libturbojpeg, or skip (fail under CI). */
    public static TurboJpeg turboJpeg() {
        return require(TurboJpeg.load(), TurboJpeg.SONAME);
    }

    /** libpng, or skip (fail under CI). */
    public static LibPng libPng() {
        return require(LibPng.load(), LibPng.SONAME);
    }

    /** libwebp, or skip (fail under CI). */
    public static dev.thumbd.resizer.codec.webp.LibWebp libWebp() {
        return require(dev.thumbd.resizer.codec.webp.LibWebp.load(), dev.thumbd.resizer.codec.webp.LibWebp.SONAME);
    }

    /** libavif 0.11, or skip (fail under CI). */
    public static dev.thumbd.resizer.codec.avif.LibAvif libAvif() {
        return require(dev.thumbd.resizer.codec.avif.LibAvif.load(), dev.thumbd.resizer.codec.avif.LibAvif.SONAME);
    }

    /** libheif 1.15 or later, or skip (fail under CI). */
    public static dev.thumbd.resizer.codec.heif.LibHeif libHeif() {
        return require(dev.thumbd.resizer.codec.heif.LibHeif.load(), dev.thumbd.resizer.codec.heif.LibHeif.SONAME);
    }

    private static <T> T require(Binding<T> binding, String soname) {
        return switch (binding) {
            case Binding.Available<T> available -> available.binding();
            case Binding.Unavailable<T> unavailable -> {
                String message = soname + " unavailable: " + unavailable.reason();
                if ("true".equals(System.getenv("CI"))) {
                    fail(message + " (required under CI=true)");
                }
                assumeTrue(false, message);
                throw new AssertionError(message);
            }
        };
    }
}
