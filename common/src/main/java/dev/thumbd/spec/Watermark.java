package dev.thumbd.spec;

import java.util.Objects;

/**
 * {@code wm} and its companions: an image from the store laid over the finished thumbnail. The overlay is placed
 * by {@code wm_gravity} on the output canvas, moved inwards from the edges that gravity names by {@code wm_x} and
 * {@code wm_y} output pixels (on a centred axis: to the right or down), scaled to {@code wm_scale} of the output
 * width (unset: its own size) and blended "over" the thumbnail with {@code wm_opacity}.
 *
 * <p>The spec checks spelling and ranges; whether the key names an image, and how large it is, is known only to
 * the resizer (from the overlay's header, before it is decoded).
 *
 * @param key     {@code wm}: a storage key (never a URL), or the empty string for {@link #NONE}
 * @param gravity {@code wm_gravity}: one of the compass points or centre (not smart, not focal); default centre
 * @param x       {@code wm_x}: 0..8192 output pixels; default 0
 * @param y       {@code wm_y}: 0..8192 output pixels; default 0
 * @param scale   {@code wm_scale}: 0.001..1 of the output width (at most 3 places), or 0 for the overlay's own size
 * @param opacity {@code wm_opacity}: 0.01..1 (at most 2 places); default 1
 */
public record Watermark(String key, Gravity gravity, int x, int y, double scale, double opacity) {

    /** No overlay. */
    public static final Watermark NONE = new Watermark("", Gravity.CENTRE, 0, 0, 0, 1);

    public Watermark {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(gravity, "gravity");
        if (key.isEmpty()) {
            if (gravity != Gravity.CENTRE || x != 0 || y != 0 || scale != 0 || opacity != 1) {
                throw new InvalidParameterException(ParameterName.WM, "wm with any wm_ parameter", "");
            }
        } else {
            key = ParameterRules.overlayKey(key);
        }
        gravity = ParameterRules.checkOverlayGravity(gravity);
        x = ParameterRules.WM_X.check(x);
        y = ParameterRules.WM_Y.check(y);
        scale = scale == 0 ? 0.0 : ParameterRules.WM_SCALE.check(scale);
        opacity = ParameterRules.WM_OPACITY.check(opacity);
    }

    /** An overlay of {@code key} at the centre, its own size, opaque. */
    public static Watermark of(String key) {
        return new Watermark(key, Gravity.CENTRE, 0, 0, 0, 1);
    }

    /** Whether there is an overlay. */
    public boolean present() {
        return !key.isEmpty();
    }

    /** This overlay at another place. */
    public Watermark at(Gravity g, int offsetX, int offsetY) {
        return new Watermark(key, g, offsetX, offsetY, scale, opacity);
    }

    /** This overlay scaled to {@code fraction} of the output width (0: its own size). */
    public Watermark scaled(double fraction) {
        return new Watermark(key, gravity, x, y, fraction, opacity);
    }

    /** This overlay with another opacity. */
    public Watermark withOpacity(double value) {
        return new Watermark(key, gravity, x, y, scale, value);
    }
}
