package dev.thumbd.storage.s3;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.storage.ChecksumMismatchException;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.PreconditionFailedException;
import dev.thumbd.storage.StoreUnavailableException;
import dev.thumbd.storage.WriteCondition;

import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Maps SDK failures to the store's failures, the same ones the filesystem store raises. Error codes are those of
 * the S3 API reference ("Error responses", "List of error codes").
 */
final class S3Errors {
    private static final Set<String> DIGEST_ERRORS = Set.of("BadDigest", "InvalidDigest",
            "XAmzContentSHA256Mismatch");

    private S3Errors() {
    }

    /** The failure for {@code error} in a call about {@code key} under {@code condition}. */
    static Throwable map(Throwable error, ObjectKey key, WriteCondition condition) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof S3Exception s3) {
                return fromStatus(s3, key, condition);
            }
            if (t instanceof SdkClientException) {
                return new StoreUnavailableException("the object store is not answering", true, error);
            }
        }
        return error;
    }

    private static Throwable fromStatus(S3Exception e, ObjectKey key, WriteCondition condition) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (status == 404 && "NoSuchBucket".equals(code)) {
            return new StoreUnavailableException("the configured bucket does not exist", false, e);
        }
        if (status == 404 && condition instanceof WriteCondition.IfMatch) {
            // AWS answers If-Match on a missing object with 404 NoSuchKey: for the caller the condition failed.
            return PreconditionFailedException.of(key, condition);
        }
        if (status == 404) {
            return new ObjectNotFoundException(key);
        }
        if (status == 412 || status == 409 && "ConditionalRequestConflict".equals(code)) {
            return PreconditionFailedException.of(key, condition);
        }
        if (status == 400 && DIGEST_ERRORS.contains(code)) {
            return ChecksumMismatchException.upload(key, "checksum");
        }
        if (status >= 500 || status == 429 || status == 408) {
            return new StoreUnavailableException("the object store failed (status " + status + ")", true, e);
        }
        return new StoreUnavailableException("the object store refused the request (status " + status + ")",
                false, e);
    }
}
