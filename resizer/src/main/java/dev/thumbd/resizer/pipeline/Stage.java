package dev.thumbd.resizer.pipeline;

import java.util.Locale;

/** The timed stages of a thumbnail, in pipeline order. Names are stable: they appear in logs and Server-Timing. */
public enum Stage {
    PROBE,
    DECODE,
    RESIZE,
    ORIENT,
    COLOUR,
    FRAME,
    FILTER,
    OVERLAY,
    ENCODE;

    /** The lowercase name used in {@code Server-Timing} and metrics tags. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
