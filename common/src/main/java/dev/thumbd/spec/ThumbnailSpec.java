package dev.thumbd.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one thumbnail request asks for: an immutable value with every parameter resolved to a concrete value.
 *
 * <p>Width and height are in CSS pixels; the output is {@code dpr} times larger. A value of 0 for {@code width} or
 * {@code height} means "not given": the other side then follows from the aspect ratio. With neither given, the
 * source size is kept (times {@code dpr}, within {@code enlarge}).
 *
 * <p>Every instance is valid: the constructor checks the same ranges as the parser and throws
 * {@link InvalidParameterException} (naming the URL parameter) otherwise. The focal point is {@code (0.5, 0.5)}
 * unless the gravity is {@link Gravity#FOCAL}, and a negative zero is stored as zero, so that equal requests are
 * equal records and {@code parse(canonicalQuery())} gives back an equal spec. The URL grammar, the canonical form
 * and the fingerprint are specified in {@code docs/SPEC.md}.
 *
 * @param source   {@code src}: storage key or allow-listed URL of the original
 * @param width    {@code w}: 0 (unset) or 1..8192
 * @param height   {@code h}: 0 (unset) or 1..8192
 * @param fit      {@code fit}: default {@link Fit#COVER}
 * @param gravity  {@code gravity}: default {@link Gravity#CENTRE}
 * @param focalX   {@code fx}: 0..1, used with {@link Gravity#FOCAL}; default 0.5
 * @param focalY   {@code fy}: 0..1, used with {@link Gravity#FOCAL}; default 0.5
 * @param dpr      {@code dpr}: device pixel ratio 1..4; default 1
 * @param format   {@code fmt}: default {@link OutputFormat#AUTO}
 * @param quality  {@code q}: 1..100, or 0 for the format's default
 * @param background {@code bg}: padding and flattening colour; default opaque white
 * @param enlarge  {@code enlarge}: whether the output may be larger than the source; default false
 * @param blur     {@code blur}: Gaussian sigma 0.3..1000, or 0 for none
 * @param sharpen  {@code sharpen}: unsharp-mask sigma 0.3..10, or 0 for none
 * @param crop     {@code crop}: a rectangle of the upright original cut out first, or {@link Crop#NONE}
 * @param rotate   {@code rotate}: clockwise degrees after the crop, 0 (none), 90, 180 or 270
 * @param flop     {@code flop}: mirror left-right after the rotation. A {@code flip} (mirror top-bottom) is not kept
 *                 apart: it is {@code rotate} 180 more and a flop, so each of the eight ways an image can be turned
 *                 has one spelling ({@link Builder#flip})
 * @param trim     {@code trim}: 1..255, the most a channel of a border pixel may differ from the top-left pixel for
 *                 the border to be trimmed (after the crop, before the turn), or 0 for no trim
 * @param frame    {@code frame}: the one frame of an animation to make a still of, 0..65535 (0-based), or
 *                 {@link #ANIMATION} (-1, unset): an animation stays one where the output format can hold it
 * @param watermark {@code wm} and {@code wm_*}: an image from the store laid over the output, or
 *                 {@link Watermark#NONE}
 */
public record ThumbnailSpec(
        String source,
        int width,
        int height,
        Fit fit,
        Gravity gravity,
        double focalX,
        double focalY,
        double dpr,
        OutputFormat format,
        int quality,
        Rgba background,
        boolean enlarge,
        double blur,
        double sharpen,
        Crop crop,
        int rotate,
        boolean flop,
        int trim,
        int frame,
        Watermark watermark) {

    /** The focal coordinate when none is given. */
    public static final double DEFAULT_FOCAL = 0.5;

    /** {@code frame} unset: the whole animation (or the first frame where the output format holds no animation). */
    public static final int ANIMATION = -1;

    /** A spec without source edits and without {@code frame}. */
    public ThumbnailSpec(String source, int width, int height, Fit fit, Gravity gravity, double focalX,
            double focalY, double dpr, OutputFormat format, int quality, Rgba background, boolean enlarge,
            double blur, double sharpen) {
        this(source, width, height, fit, gravity, focalX, focalY, dpr, format, quality, background, enlarge, blur,
                sharpen, Crop.NONE, 0, false, 0, ANIMATION, Watermark.NONE);
    }

    /** A spec without source edits. */
    public ThumbnailSpec(String source, int width, int height, Fit fit, Gravity gravity, double focalX,
            double focalY, double dpr, OutputFormat format, int quality, Rgba background, boolean enlarge,
            double blur, double sharpen, int frame) {
        this(source, width, height, fit, gravity, focalX, focalY, dpr, format, quality, background, enlarge, blur,
                sharpen, Crop.NONE, 0, false, 0, frame, Watermark.NONE);
    }

    /** A spec without {@code frame}. */
    public ThumbnailSpec(String source, int width, int height, Fit fit, Gravity gravity, double focalX,
            double focalY, double dpr, OutputFormat format, int quality, Rgba background, boolean enlarge,
            double blur, double sharpen, Crop crop, int rotate, boolean flop, int trim) {
        this(source, width, height, fit, gravity, focalX, focalY, dpr, format, quality, background, enlarge, blur,
                sharpen, crop, rotate, flop, trim, ANIMATION, Watermark.NONE);
    }

    /** A spec without an overlay. */
    public ThumbnailSpec(String source, int width, int height, Fit fit, Gravity gravity, double focalX,
            double focalY, double dpr, OutputFormat format, int quality, Rgba background, boolean enlarge,
            double blur, double sharpen, Crop crop, int rotate, boolean flop, int trim, int frame) {
        this(source, width, height, fit, gravity, focalX, focalY, dpr, format, quality, background, enlarge, blur,
                sharpen, crop, rotate, flop, trim, frame, Watermark.NONE);
    }

    public ThumbnailSpec {
        ParameterRules.source(Objects.requireNonNull(source, "source"));
        width = width == 0 ? 0 : ParameterRules.WIDTH.check(width);
        height = height == 0 ? 0 : ParameterRules.HEIGHT.check(height);
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(gravity, "gravity");
        focalX = ParameterRules.FOCAL_X.check(focalX);
        focalY = ParameterRules.FOCAL_Y.check(focalY);
        if (gravity != Gravity.FOCAL && focalX != DEFAULT_FOCAL) {
            throw ParameterRules.focalWithout(ParameterName.FX, gravity, DecimalRule.format(focalX));
        }
        if (gravity != Gravity.FOCAL && focalY != DEFAULT_FOCAL) {
            throw ParameterRules.focalWithout(ParameterName.FY, gravity, DecimalRule.format(focalY));
        }
        dpr = ParameterRules.DPR.check(dpr);
        Objects.requireNonNull(format, "format");
        quality = quality == 0 ? 0 : ParameterRules.QUALITY.check(quality);
        Objects.requireNonNull(background, "background");
        blur = blur == 0 ? 0.0 : ParameterRules.BLUR.check(blur);
        sharpen = sharpen == 0 ? 0.0 : ParameterRules.SHARPEN.check(sharpen);
        Objects.requireNonNull(crop, "crop");
        rotate = ParameterRules.checkRotate(rotate);
        trim = trim == 0 ? 0 : ParameterRules.TRIM.check(trim);
        frame = frame == ANIMATION ? ANIMATION : ParameterRules.FRAME.check(frame);
        Objects.requireNonNull(watermark, "watermark");
        if (format.placeholder()) {
            placeholderOnly(width, height, fit, gravity, focalX, dpr, quality, background, enlarge, blur, sharpen, trim,
                    watermark);
        }
    }

    /** Whether an overlay ({@code wm}) is laid over the output. */
    public boolean overlays() {
        return watermark.present();
    }

    /**
     * A placeholder ({@code fmt=lqip}) is the original's, with its crop and turn: a box, a quality, a background,
     * filters, a trim or an overlay would change nothing in it, so they are refused rather than ignored (one spelling
     * per answer, and no signed URL that claims what it does not do).
     */
    private static void placeholderOnly(int width, int height, Fit fit, Gravity gravity, double focalX, double dpr,
            int quality, Rgba background, boolean enlarge, double blur, double sharpen, int trim, Watermark watermark) {
        check(width != 0, ParameterName.W, Integer.toString(width));
        check(height != 0, ParameterName.H, Integer.toString(height));
        check(fit != Fit.COVER, ParameterName.FIT, ParameterRules.token(fit));
        check(gravity == Gravity.FOCAL, ParameterName.FX, DecimalRule.format(focalX));   // fx/fy imply focal
        check(gravity != Gravity.CENTRE, ParameterName.GRAVITY, ParameterRules.token(gravity));
        check(dpr != 1, ParameterName.DPR, DecimalRule.format(dpr));
        check(quality != 0, ParameterName.Q, Integer.toString(quality));
        check(!background.equals(Rgba.WHITE), ParameterName.BG, ParameterRules.token(background));
        check(enlarge, ParameterName.ENLARGE, "true");
        check(blur != 0, ParameterName.BLUR, DecimalRule.format(blur));
        check(sharpen != 0, ParameterName.SHARPEN, DecimalRule.format(sharpen));
        check(trim != 0, ParameterName.TRIM, Integer.toString(trim));
        check(watermark.present(), ParameterName.WM, watermark.key());
    }

    private static void check(boolean given, String parameter, String value) {
        if (given) {
            throw ParameterRules.notWithPlaceholder(parameter, value);
        }
    }

    /** Whether {@code frame} picks one frame of an animation. */
    public boolean picksFrame() {
        return frame != ANIMATION;
    }

    /** Whether the request turns the image: a rotation or a mirror. */
    public boolean turns() {
        return rotate != 0 || flop;
    }

    /**
     * Parses decoded query parameters with no presets and the default {@link NonSemanticParameters}.
     *
     * @throws InvalidParameterException on any missing, malformed, out-of-range, duplicated or unknown parameter
     */
    public static ThumbnailSpec parse(Map<String, List<String>> query) {
        return parse(query, Presets.NONE);
    }

    /** Parses decoded query parameters with these presets and the default {@link NonSemanticParameters}. */
    public static ThumbnailSpec parse(Map<String, List<String>> query, Presets presets) {
        return parse(query, presets, NonSemanticParameters.DEFAULT);
    }

    /** Parses decoded query parameters; see {@link SpecParser} for the signing parameters. */
    public static ThumbnailSpec parse(Map<String, List<String>> query, Presets presets,
            NonSemanticParameters nonSemantic) {
        return new SpecParser(presets, nonSemantic).parse(query).spec();
    }

    /** A builder with every parameter at its default. */
    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * This spec at width {@code w} with the height following in proportion (rounded, 1..8192), so the box keeps its
     * aspect ratio; with no width or no height only the width changes. Used by {@code /v1/srcset} and by the
     * resizer's nearby-width fallback.
     *
     * @throws InvalidParameterException if {@code w} is out of range
     */
    public ThumbnailSpec atWidth(int w) {
        Builder b = toBuilder().width(w);
        if (width > 0 && height > 0) {
            b.height((int) Math.max(1, Math.min(ParameterRules.MAX_SIDE, Math.round((double) height * w / width))));
        }
        return b.build();
    }

    /** The canonical query ({@link CanonicalForm#query}): what signatures and the fingerprint are computed over. */
    public String canonicalQuery() {
        return CanonicalForm.query(this);
    }

    /** The canonical parameters, sorted by name, decoded, one value each; {@code parse} accepts it unchanged. */
    public Map<String, List<String>> toQueryMap() {
        return CanonicalForm.queryMap(this);
    }

    /** SHA-256 of the canonical query: equal for equal specs however they were spelt, usable as a cache key. */
    public Fingerprint fingerprint() {
        return Fingerprint.of(canonicalQuery());
    }

    /**
     * Fluent construction for code (the command line, srcset generation, tests). {@link #build()} validates with the
     * same rules as the parser and throws {@link InvalidParameterException} naming the URL parameter.
     */
    public static final class Builder {
        private String source;
        private int width;
        private int height;
        private Fit fit = Fit.COVER;
        private Gravity gravity = Gravity.CENTRE;
        private double focalX = DEFAULT_FOCAL;
        private double focalY = DEFAULT_FOCAL;
        private double dpr = 1;
        private OutputFormat format = OutputFormat.AUTO;
        private int quality;
        private Rgba background = Rgba.WHITE;
        private boolean enlarge;
        private double blur;
        private double sharpen;
        private Crop crop = Crop.NONE;
        private int rotate;
        private boolean flip;
        private boolean flop;
        private int trim;
        private int frame = ANIMATION;
        private Watermark watermark = Watermark.NONE;

        private Builder(String source) {
            this.source = source;
        }

        private Builder(ThumbnailSpec s) {
            this(s.source);
            width = s.width;
            height = s.height;
            fit = s.fit;
            gravity = s.gravity;
            focalX = s.focalX;
            focalY = s.focalY;
            dpr = s.dpr;
            format = s.format;
            quality = s.quality;
            background = s.background;
            enlarge = s.enlarge;
            blur = s.blur;
            sharpen = s.sharpen;
            crop = s.crop;
            rotate = s.rotate;
            flop = s.flop;
            trim = s.trim;
            frame = s.frame;
            watermark = s.watermark;
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        /** {@code w}: 1..8192, or 0 for unset. */
        public Builder width(int value) {
            width = value;
            return this;
        }

        /** {@code h}: 1..8192, or 0 for unset. */
        public Builder height(int value) {
            height = value;
            return this;
        }

        public Builder fit(Fit value) {
            fit = value;
            return this;
        }

        /** Sets the gravity; anything but {@link Gravity#FOCAL} also resets the focal point to the centre. */
        public Builder gravity(Gravity value) {
            gravity = value;
            if (value != Gravity.FOCAL) {
                focalX = DEFAULT_FOCAL;
                focalY = DEFAULT_FOCAL;
            }
            return this;
        }

        /** Sets gravity {@link Gravity#FOCAL} with this focal point, each coordinate 0..1 (at most 4 places). */
        public Builder focal(double x, double y) {
            gravity = Gravity.FOCAL;
            focalX = x;
            focalY = y;
            return this;
        }

        /** {@code dpr}: 1..4, at most 2 decimal places. */
        public Builder dpr(double value) {
            dpr = value;
            return this;
        }

        public Builder format(OutputFormat value) {
            format = value;
            return this;
        }

        /** {@code q}: 1..100, or 0 for the format's default. */
        public Builder quality(int value) {
            quality = value;
            return this;
        }

        public Builder background(Rgba value) {
            background = value;
            return this;
        }

        public Builder enlarge(boolean value) {
            enlarge = value;
            return this;
        }

        /** {@code blur}: 0.3..1000 (at most 2 places), or 0 for none. */
        public Builder blur(double value) {
            blur = value;
            return this;
        }

        /** {@code sharpen}: 0.3..10 (at most 2 places), or 0 for none. */
        public Builder sharpen(double value) {
            sharpen = value;
            return this;
        }

        /** {@code frame}: 0..65535, or {@link #ANIMATION} for unset. */
        public Builder frame(int value) {
            frame = value;
            return this;
        }

        /** {@code crop}: a rectangle of the upright original, or {@link Crop#NONE}. */
        public Builder crop(Crop value) {
            crop = value;
            return this;
        }

        /** {@code rotate}: 0, 90, 180 or 270 degrees clockwise, applied after the crop. */
        public Builder rotate(int value) {
            rotate = value;
            return this;
        }

        /** {@code flip}: mirror top-bottom after the rotation (kept as {@code rotate} + 180 and a flop). */
        public Builder flip(boolean value) {
            flip = value;
            return this;
        }

        /** {@code flop}: mirror left-right after the rotation. */
        public Builder flop(boolean value) {
            flop = value;
            return this;
        }

        /** {@code trim}: 1..255, or 0 for none. */
        public Builder trim(int value) {
            trim = value;
            return this;
        }

        /** {@code wm} and {@code wm_*}: an overlay, or {@link Watermark#NONE}. */
        public Builder watermark(Watermark value) {
            watermark = value;
            return this;
        }

        /** @throws InvalidParameterException when a value is out of range */
        public ThumbnailSpec build() {
            ParameterRules.checkRotate(rotate);
            // flip = flop after a half turn: rotate r, flip, flop is rotate r+180 with the flop toggled
            int turn = flip ? (rotate + 180) % 360 : rotate;
            return new ThumbnailSpec(source, width, height, fit, gravity, focalX, focalY, dpr, format, quality,
                    background, enlarge, blur, sharpen, crop, turn, flop ^ flip, trim, frame, watermark);
        }
    }
}
