package dev.thumbd.resizer.kernel;

/** Interpolation kernels for the reduce step, by support radius. The default is {@link #LANCZOS3}. */
public enum Kernel {
    NEAREST(0.5),
    LINEAR(1.0),
    /** Mitchell-Netravali cubic, B = C = 1/3. */
    CUBIC(2.0),
    LANCZOS2(2.0),
    LANCZOS3(3.0);

    private final double support;

    Kernel(double support) {
        this.support = support;
    }

    /** Half-width of the kernel in source pixels at scale 1. */
    public double support() {
        return support;
    }
}
