package dev.thumbd.resizer.cli;

/** A command-line mistake: printed without a stack trace, exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
