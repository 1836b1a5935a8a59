package dev.thumbd.resizer.jobs;

import dev.thumbd.problem.ProblemType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job's status as JSON (docs/JOBS.md: the fields of {@code GET /v1/jobs/{id}}). */
public final class JobSummary {

    private JobSummary() {
    }

    /** The JSON of a job's status, as {@code GET /v1/jobs/{id}} answers it and a completion notification carries it. */
    public static Map<String, Object> describe(JobStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("href", "/v1/jobs/" + s.id());
        m.put("variantSet", s.variantSet());
        m.put("state", s.state());
        m.put("total", s.total());
        m.put("queued", s.queued());
        m.put("done", s.done());
        m.put("failed", s.failures().size());
        m.put("created", s.created().toString());
        List<Map<String, Object>> failures = new ArrayList<>();
        for (JobStatus.Failure f : s.failures().subList(0, Math.min(100, s.failures().size()))) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", ProblemType.BASE_URI + f.type());
            problem.put("status", f.status());
            problem.put("detail", f.detail());
            failures.add(Map.of("key", f.key(), "variant", "/v1/resize?" + f.variant(), "problem", problem));
        }
        m.put("failures", failures);
        return m;
    }

}
