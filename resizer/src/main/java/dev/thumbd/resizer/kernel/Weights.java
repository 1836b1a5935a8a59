package dev.thumbd.resizer.kernel;

import dev.thumbd.resizer.image.Scratch;

/**
 * The taps of one axis: for output position {@code i}, the window {@code [start[i], start[i] + taps)} of source
 * positions and its normalised weights {@code weights[i * taps .. i * taps + taps)}.
 *
 * <p>Design note. Output pixel centres map to source coordinates as {@code (i + 0.5) * scale - 0.5} (centres
 * aligned, as libvips and ImageMagick do). On a reduction the kernel is widened by the factor, so it integrates
 * over every source pixel it covers (anti-aliasing); on an enlargement it is used at its own width. Taps that fall
 * off the edge are folded onto the edge pixel (clamp-to-edge), then each window is shifted so that all windows have
 * the same length and lie inside the source: the passes then need no bounds checks and vectorise cleanly. Weights
 * are normalised to sum to 1 in double precision before narrowing to float, so a constant image stays constant.
 * {@link Kernel#NEAREST} is a single tap at the nearest centre at every scale.
 *
 * @param taps    window length, the same for every output position
 * @param start   first source position of each window (in scratch, length at least the output size)
 * @param weights {@code taps} weights per output position (in scratch)
 */
record Weights(int taps, int[] start, float[] weights) {

    /** Computes the weights for {@code inSize -> outSize} into the scratch's kernel slots (which it overwrites). */
    static Weights compute(int inSize, int outSize, Kernel kernel, Scratch scratch) {
        return compute(inSize, (double) inSize / outSize, outSize, kernel, scratch);
    }

    /**
     * As {@link #compute(int, int, Kernel, Scratch)} with an explicit {@code scale} (source pixels per output pixel),
     * for a source whose content spans less than its last pixel (see {@link Resampler#resize}).
     */
    static Weights compute(int inSize, double scale, int outSize, Kernel kernel, Scratch scratch) {
        return compute(inSize, scale, 0, outSize, kernel, scratch, Scratch.Slot.KERNEL_OFFSETS,
                Scratch.Slot.KERNEL_WEIGHTS);
    }

    /**
     * The weights of output positions {@code [first, first + count)} only, indexed from 0 (position {@code first} is
     * index 0), into the given slots: a band of rows resized on its own gets exactly the weights the whole image
     * would give those rows.
     */
    static Weights compute(int inSize, double scale, int first, int count, Kernel kernel, Scratch scratch,
            Scratch.Slot startSlot, Scratch.Slot weightSlot) {
        double filterScale = kernel == Kernel.NEAREST ? 1.0 : Math.max(scale, 1.0);
        double support = kernel == Kernel.NEAREST ? 0.5 : kernel.support() * filterScale;
        int taps = taps(inSize, scale, kernel);
        int[] start = scratch.ints(startSlot, count);
        float[] weights = scratch.floats(weightSlot, count * taps);
        double[] w = new double[taps];
        for (int n = 0; n < count; n++) {
            int i = first + n;
            double centre = (i + 0.5) * scale - 0.5;
            int lo;
            if (kernel == Kernel.NEAREST) {
                lo = clamp((int) Math.floor(centre + 0.5), inSize);
                java.util.Arrays.fill(w, 0.0);
                w[0] = 1.0;
            } else {
                lo = window(centre, support, taps, inSize);
                fill(w, lo, centre, support, filterScale, kernel, inSize);
            }
            start[n] = lo;
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            for (int k = 0; k < taps; k++) {
                weights[n * taps + k] = (float) (w[k] / sum);
            }
        }
        return new Weights(taps, start, weights);
    }

    /** The window length for {@code inSize} source positions at {@code scale} source pixels per output pixel. */
    static int taps(int inSize, double scale, Kernel kernel) {
        double filterScale = kernel == Kernel.NEAREST ? 1.0 : Math.max(scale, 1.0);
        double support = kernel == Kernel.NEAREST ? 0.5 : kernel.support() * filterScale;
        int span = kernel == Kernel.NEAREST ? 1 : (int) Math.ceil(2 * support) + 1;
        return Math.min(span, inSize);
    }

    /**
     * Gaussian weights at scale 1 for a blur of {@code sigma} over an axis of {@code size}: radius
     * {@code ceil(3 sigma)}, edges clamped like the resize weights.
     */
    static Weights gaussian(int size, double sigma, Scratch scratch) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        int taps = Math.min(2 * radius + 1, size);
        int[] start = scratch.ints(Scratch.Slot.KERNEL_OFFSETS, size);
        float[] weights = scratch.floats(Scratch.Slot.KERNEL_WEIGHTS, size * taps);
        double[] w = new double[taps];
        double twoSigma2 = 2 * sigma * sigma;
        for (int i = 0; i < size; i++) {
            int lo = Math.min(Math.max(0, i - radius), size - taps);
            java.util.Arrays.fill(w, 0.0);
            for (int j = i - radius; j <= i + radius; j++) {
                w[clamp(j, size) - lo] += Math.exp(-((double) (j - i) * (j - i)) / twoSigma2);
            }
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            start[i] = lo;
            for (int k = 0; k < taps; k++) {
                weights[i * taps + k] = (float) (w[k] / sum);
            }
        }
        return new Weights(taps, start, weights);
    }

    /** The first position of a {@code taps}-long window inside {@code [0, inSize)} covering the kernel's support. */
    private static int window(double centre, double support, int taps, int inSize) {
        int lo = Math.max(0, (int) Math.ceil(centre - support));
        return Math.min(lo, inSize - taps);
    }

    private static void fill(double[] w, int lo, double centre, double support, double filterScale, Kernel kernel,
            int inSize) {
        java.util.Arrays.fill(w, 0.0);
        int first = (int) Math.ceil(centre - support);
        int last = (int) Math.floor(centre + support);
        for (int j = first; j <= last; j++) {
            double v = KernelFunction.weight(kernel, (j - centre) / filterScale);
            if (v == 0.0) {
                continue;
            }
            int k = clamp(j, inSize) - lo;
            if (k >= 0 && k < w.length) {
                w[k] += v;
            }
        }
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        if (sum == 0) {
            // Only a one-pixel window with a zero kernel value gets here: keep that pixel.
            w[clamp((int) Math.round(centre), inSize) - lo] = 1.0;
        }
    }

    private static int clamp(int j, int size) {
        return j < 0 ? 0 : (j >= size ? size - 1 : j);
    }
}
