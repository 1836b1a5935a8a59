package dev.thumbd.storage;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemType;

/** No object under the key ({@link ProblemType#SOURCE_NOT_FOUND}, 404). */
public final class ObjectNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(ObjectKey key) {
        super(ProblemType.SOURCE_NOT_FOUND, "no object at '" + key + "'", null);
    }
}
