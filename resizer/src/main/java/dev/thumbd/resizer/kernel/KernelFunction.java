package dev.thumbd.resizer.kernel;

/**
 * The kernel formulas, evaluated at a distance {@code x} in source pixels (already divided by the downscale factor).
 * References: Mitchell and Netravali, "Reconstruction Filters in Computer Graphics" (1988) for the cubic with
 * B = C = 1/3; Lanczos a = 2, 3 as {@code sinc(x) sinc(x / a)} for |x| < a, as libvips and ImageMagick define it.
 */
final class KernelFunction {

    private KernelFunction() {
    }

    static double weight(Kernel kernel, double x) {
        double ax = Math.abs(x);
        return switch (kernel) {
            case NEAREST -> ax < 0.5 ? 1.0 : 0.0;
            case LINEAR -> ax < 1.0 ? 1.0 - ax : 0.0;
            case CUBIC -> mitchell(ax);
            case LANCZOS2 -> lanczos(ax, 2);
            case LANCZOS3 -> lanczos(ax, 3);
        };
    }

    private static double lanczos(double ax, int a) {
        if (ax < 1e-9) {
            return 1.0;
        }
        if (ax >= a) {
            return 0.0;
        }
        double px = Math.PI * ax;
        return a * Math.sin(px) * Math.sin(px / a) / (px * px);
    }

    /** Mitchell-Netravali with B = C = 1/3. */
    private static double mitchell(double ax) {
        final double b = 1.0 / 3;
        final double c = 1.0 / 3;
        if (ax < 1) {
            return ((12 - 9 * b - 6 * c) * ax * ax * ax + (-18 + 12 * b + 6 * c) * ax * ax + (6 - 2 * b)) / 6;
        }
        if (ax < 2) {
            return ((-b - 6 * c) * ax * ax * ax + (6 * b + 30 * c) * ax * ax + (-12 * b - 48 * c) * ax
                    + (8 * b + 24 * c)) / 6;
        }
        return 0.0;
    }
}
