package dev.thumbd.storage;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/** A {@link WriteCondition} did not hold, so nothing was written ({@link ProblemType#PRECONDITION_FAILED}, 412). */
public final class PreconditionFailedException extends StorageException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String detail, @Nullable Throwable cause) {
        super(ProblemType.PRECONDITION_FAILED, detail, cause);
    }

    /** The failure for {@code condition} on {@code key}. */
    public static PreconditionFailedException of(ObjectKey key, WriteCondition condition) {
        return new PreconditionFailedException(switch (condition) {
            case WriteCondition.IfNoneMatch c -> "an object already exists at '" + key + "'";
            case WriteCondition.IfMatch c -> "the object at '" + key + "' does not have ETag " + c.etag();
            case WriteCondition.Unconditional c -> "the object at '" + key + "' changed during the write";
        }, null);
    }
}
