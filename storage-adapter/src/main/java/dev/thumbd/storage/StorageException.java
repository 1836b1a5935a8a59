package dev.thumbd.storage;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/**
 * A failure of an {@link ObjectStore} operation, with the problem type (and so the HTTP status) it maps to. The
 * detail is public; store-specific causes (SDK exceptions, {@code IOException}s) are attached for the logs only.
 */
public abstract sealed class StorageException extends ProblemException
        permits ObjectNotFoundException, PreconditionFailedException, ChecksumMismatchException,
        StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    protected StorageException(ProblemType type, String detail, @Nullable Throwable cause) {
        super(type, detail, cause);
    }
}
