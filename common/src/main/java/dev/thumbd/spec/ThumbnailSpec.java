package dev.thumbd.spec;

/**
 * What one thumbnail request asks for: an immutable value with every parameter resolved to a concrete value.
 *
 * <p>Width and height are in CSS pixels; the output is {@code dpr} times larger. A value of 0 for {@code width} or
 * {@code height} means "not given": the other side then follows from the aspect ratio. With neither given, the
 * source size is kept (times {@code dpr}, within {@code enlarge}).
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
        double sharpen) {
}
