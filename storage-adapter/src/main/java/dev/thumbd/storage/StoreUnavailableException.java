package dev.thumbd.storage;

import dev.thumbd.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached or failed ({@link ProblemType#STORE_UNAVAILABLE}, 503). {@link #retryable()} says
 * whether trying the same idempotent call again may succeed (timeouts, 5xx, connection failures) or not (access
 * denied, an open circuit breaker).
 */
public final class StoreUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public StoreUnavailableException(String detail, boolean retryable, @Nullable Throwable cause) {
        super(ProblemType.STORE_UNAVAILABLE, detail, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
