package dev.thumbd.resizer.jobs;

import java.time.Instant;
import java.util.List;

/**
 * Where a job stands.
 *
 * @param total     variants the job asked for
 * @param done      variants rendered and stored
 * @param failures  variants that could not be made, each with its problem
 * @param cancelled whether {@code DELETE} cancelled it (what was still queued is skipped)
 */
public record JobStatus(String id, String variantSet, int total, int done, List<Failure> failures, boolean cancelled,
        Instant created) {

    public JobStatus {
        failures = List.copyOf(failures);
    }

    /** Variants neither done nor failed yet. */
    public int queued() {
        return Math.max(0, total - done - failures.size());
    }

    /** {@code queued}, {@code running}, {@code done}, {@code failed} (done, some failed), {@code cancelled}. */
    public String state() {
        if (cancelled) {
            return "cancelled";
        }
        if (queued() == 0) {
            return failures.isEmpty() ? "done" : "failed";
        }
        return done + failures.size() == 0 ? "queued" : "running";
    }

    /**
     * One variant that could not be made.
     *
     * @param key     the original
     * @param variant the {@code /v1/resize} query of the variant (canonical)
     * @param type    the problem's slug ({@code https://thumbd.dev/problems/<type>})
     * @param status  the problem's HTTP status
     * @param detail  the problem's detail
     */
    public record Failure(String key, String variant, String type, int status, String detail) {
    }
}
