package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.Gravity;
import dev.thumbd.spec.ThumbnailSpec;

/**
 * Computes a {@link Plan}: pure geometry, no pixels, so every fit and gravity can be tested by arithmetic alone.
 *
 * <p>Design note. The output box is the spec's {@code w x h} times {@code dpr}; a missing side follows from the
 * source's aspect ratio. The fits follow CSS {@code object-fit} as sharp uses it. Without {@code enlarge}, no axis
 * is scaled up: a small source stays small (and {@code cover} crops to what exists, {@code contain} still pads to
 * the box). Shrink-on-load follows libvips' thumbnail rule: decode at the largest integer reduction that still
 * leaves at least {@link #minReduceFactor()} (default 2) for the kernel on the axis reduced least, because a DCT
 * or block shrink is cruder than Lanczos and the final reduce needs room to anti-alias. With a factor of 1 this
 * becomes sharp's "fast shrink-on-load": faster, visibly softer/aliased (see docs/RESIZE.md).
 */
public final class Planner {

    /** The largest output side, after {@code dpr}. */
    public static final int MAX_OUTPUT_SIDE = 16_384;

    /** libvips' default: leave at least a 2x reduction for the kernel after shrink-on-load. */
    public static final double DEFAULT_MIN_REDUCE_FACTOR = 2.0;

    private final double minReduceFactor;

    public Planner() {
        this(DEFAULT_MIN_REDUCE_FACTOR);
    }

    /**
     * @param minReduceFactor the reduction left for the kernel after shrink-on-load, at least 1
     */
    public Planner(double minReduceFactor) {
        if (!(minReduceFactor >= 1.0)) {
            throw new IllegalArgumentException("minReduceFactor must be >= 1 but was " + minReduceFactor);
        }
        this.minReduceFactor = minReduceFactor;
    }

    public double minReduceFactor() {
        return minReduceFactor;
    }

    /**
     * Plans a thumbnail of a source that is {@code sourceWidth x sourceHeight} once oriented.
     *
     * @throws ProblemException INVALID_PARAMETER when the output would exceed {@link #MAX_OUTPUT_SIDE}
     */
    public Plan plan(ThumbnailSpec spec, int sourceWidth, int sourceHeight) {
        if (sourceWidth < 1 || sourceHeight < 1) {
            throw new IllegalArgumentException("source must be at least 1x1");
        }
        return plan(spec, SourceEdit.whole(sourceWidth, sourceHeight));
    }

    /**
     * Plans a thumbnail of the edited source: the box is fitted to {@code edit}'s rectangle as displayed, and
     * shrink-on-load is chosen on that rectangle (a decoder shrinks the whole image, and the rectangle with it).
     *
     * @throws ProblemException INVALID_PARAMETER when the output would exceed {@link #MAX_OUTPUT_SIDE}
     */
    public Plan plan(ThumbnailSpec spec, SourceEdit edit) {
        int sourceWidth = edit.width();
        int sourceHeight = edit.height();
        Box box = box(spec, sourceWidth, sourceHeight);
        double sx = (double) box.width / sourceWidth;
        double sy = (double) box.height / sourceHeight;
        Fit fit = box.bothGiven ? spec.fit() : Fit.FILL;
        switch (fit) {
            case COVER, OUTSIDE -> sx = sy = Math.max(sx, sy);
            case CONTAIN, INSIDE -> sx = sy = Math.min(sx, sy);
            case FILL -> { }
        }
        if (!spec.enlarge()) {
            if (fit == Fit.FILL) {
                sx = Math.min(sx, 1.0);
                sy = Math.min(sy, 1.0);
            } else if (sx > 1.0) {
                sx = sy = 1.0;
            }
        }
        int rw = scaled(sourceWidth, sx, box.width, fit);
        int rh = scaled(sourceHeight, sy, box.height, fit);
        return place(spec, fit, box, edit, rw, rh);
    }

    private Plan place(ThumbnailSpec spec, Fit fit, Box box, SourceEdit edit, int rw, int rh) {
        int sw = edit.width();
        int sh = edit.height();
        int shrink = shrinkOnLoad(sw, sh, rw, rh);
        Region crop = new Region(0, 0, rw, rh);
        int canvasW = rw;
        int canvasH = rh;
        int offX = 0;
        int offY = 0;
        if (fit == Fit.COVER) {
            int cw = Math.min(box.width, rw);
            int ch = Math.min(box.height, rh);
            crop = new Region(anchor(rw - cw, cw, spec, true), anchor(rh - ch, ch, spec, false), cw, ch);
            canvasW = cw;
            canvasH = ch;
        } else if (fit == Fit.CONTAIN) {
            canvasW = Math.max(box.width, rw);
            canvasH = Math.max(box.height, rh);
            offX = (int) Math.round((canvasW - rw) * spec.gravity().anchorX());
            offY = (int) Math.round((canvasH - rh) * spec.gravity().anchorY());
        }
        boolean smart = fit == Fit.COVER && spec.gravity() == Gravity.SMART && crop.width() * crop.height() < rw * rh;
        return new Plan(sw, sh, shrink, rw, rh, crop, smart, canvasW, canvasH, offX, offY, edit);
    }

    /** The output box in device pixels; a missing side follows the source aspect ratio. */
    private static Box box(ThumbnailSpec spec, int sw, int sh) {
        double dpr = spec.dpr();
        long w = spec.width() > 0 ? Math.round(spec.width() * dpr) : 0;
        long h = spec.height() > 0 ? Math.round(spec.height() * dpr) : 0;
        boolean both = w > 0 && h > 0;
        if (w == 0 && h == 0) {
            w = sw;
            h = sh;
        } else if (w == 0) {
            w = Math.max(1, Math.round((double) sw * h / sh));
        } else if (h == 0) {
            h = Math.max(1, Math.round((double) sh * w / sw));
        }
        if (w > MAX_OUTPUT_SIDE || h > MAX_OUTPUT_SIDE) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "the output would be " + w + "x" + h + " pixels; each side is limited to " + MAX_OUTPUT_SIDE);
        }
        return new Box((int) w, (int) h, both);
    }

    /**
     * A side after scaling. When the fit makes this side equal to the box side, the box side is used as is, so
     * rounding never leaves a cover crop one pixel short or a contain image one pixel over.
     */
    private static int scaled(int side, double scale, int boxSide, Fit fit) {
        long v = Math.round(side * scale);
        if (fit != Fit.FILL && Math.abs(side * scale - boxSide) < 0.5) {
            v = boxSide;
        }
        return Math.clamp(v, 1, MAX_OUTPUT_SIDE);
    }

    /**
     * Where a window of {@code window} pixels starts within {@code window + slack}: per the compass anchor, or, for
     * a focal point, so the point sits in the middle of the window, clamped to the image.
     */
    private static int anchor(int slack, int window, ThumbnailSpec spec, boolean horizontal) {
        if (slack <= 0) {
            return 0;
        }
        Gravity g = spec.gravity();
        if (g == Gravity.FOCAL) {
            double focal = horizontal ? spec.focalX() : spec.focalY();
            long start = Math.round(focal * (slack + window) - window / 2.0);
            return Math.clamp(start, 0, slack);
        }
        return (int) Math.round(slack * (horizontal ? g.anchorX() : g.anchorY()));
    }

    /** The largest integer shrink that leaves at least {@code minReduceFactor} on the axis reduced least. */
    private int shrinkOnLoad(int sw, int sh, int rw, int rh) {
        double factor = Math.min((double) sw / rw, (double) sh / rh);
        return Math.max(1, (int) Math.floor(factor / minReduceFactor));
    }

    private record Box(int width, int height, boolean bothGiven) {
    }
}
