package dev.thumbd.spec;

/**
 * How the source is fitted into the requested box, in the vocabulary of CSS {@code object-fit} (as sharp uses it).
 * With only one of width and height given, every fit keeps the aspect ratio and the other side follows.
 */
public enum Fit {
    /** Fill the box exactly, keeping the aspect ratio and cropping the overflow (per {@link Gravity}). */
    COVER,
    /** Fit the whole image inside the box, keeping the aspect ratio, and pad to the box with the background. */
    CONTAIN,
    /** Stretch to the box exactly, ignoring the aspect ratio. */
    FILL,
    /** Keep the aspect ratio and be as large as possible while both sides stay within the box (no padding). */
    INSIDE,
    /** Keep the aspect ratio and be as small as possible while both sides are at least the box. */
    OUTSIDE
}
