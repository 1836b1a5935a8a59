package dev.thumbd.problem;

import java.util.Objects;

/**
 * A failure that maps to one {@link ProblemType}. {@link #getMessage()} is the public {@code detail}: it says what
 * was wrong in terms of the request, never a native error code or a stack trace. The internal cause, if any, is
 * kept for the logs only.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(Objects.requireNonNull(detail));
        this.type = Objects.requireNonNull(type);
    }

    public ProblemException(ProblemType type, String detail, Throwable cause) {
        super(Objects.requireNonNull(detail), cause);
        this.type = Objects.requireNonNull(type);
    }

    public ProblemType type() {
        return type;
    }

    /** The public detail text (same as {@link #getMessage()}). */
    public String detail() {
        return getMessage();
    }
}
