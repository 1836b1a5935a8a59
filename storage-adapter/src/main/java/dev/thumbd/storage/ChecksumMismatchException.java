package dev.thumbd.storage;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemType;

/**
 * Bytes that do not match their checksum or declared length: an upload that differs from what its sender declared
 * ({@link ProblemType#CHECKSUM_MISMATCH}, 400, nothing stored), or a stored object that no longer matches the
 * checksum recorded at write time ({@link ProblemType#CORRUPT_IMAGE}, 422, not served).
 */
public final class ChecksumMismatchException extends StorageException {
    private static final long serialVersionUID = 1L;

    private ChecksumMismatchException(ProblemType type, String detail) {
        super(type, detail, null);
    }

    /** The upload's {@code what} (for example {@code SHA-256}) differs from the declared one. */
    public static ChecksumMismatchException upload(ObjectKey key, String what) {
        return new ChecksumMismatchException(ProblemType.CHECKSUM_MISMATCH,
                "the body of '" + key + "' does not match the declared " + what);
    }

    /** The stored object's {@code what} differs from the one recorded when it was written. */
    public static ChecksumMismatchException stored(ObjectKey key, String what) {
        return new ChecksumMismatchException(ProblemType.CORRUPT_IMAGE,
                "the stored object '" + key + "' does not match its recorded " + what);
    }
}
