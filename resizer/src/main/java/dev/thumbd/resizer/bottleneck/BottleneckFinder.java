package dev.thumbd.resizer.bottleneck;

import dev.thumbd.resizer.pipeline.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the pipeline stages by their share of rendering time over the retained windows and flags the ones to act on:
 * <ul>
 *   <li><b>persistent</b>: the stage's mean is above the mean of all stages' means by more than two standard
 *       deviations of those means (one stage dominates, window after window);</li>
 *   <li><b>transient</b>: the stage's mean was over its threshold in each of the last three windows that rendered
 *       anything (it got slow lately: a bigger kind of image, a busy disk, a noisy neighbour).</li>
 * </ul>
 * Each stage carries a suggested action, in the spirit of imgproxy's and libvips' advice.
 */
public final class BottleneckFinder {

    /** Per-stage mean above which a window counts as slow, in milliseconds (for 300-px thumbnails of photos). */
    public static final Map<Stage, Double> DEFAULT_THRESHOLDS_MS = new EnumMap<>(Map.of(
            Stage.PROBE, 5.0, Stage.DECODE, 60.0, Stage.RESIZE, 40.0, Stage.ORIENT, 10.0,
            Stage.COLOUR, 20.0, Stage.FRAME, 10.0, Stage.FILTER, 30.0, Stage.ENCODE, 80.0));

    private static final Map<Stage, String> ADVICE = new EnumMap<>(Map.of(
            Stage.PROBE, "probe reads the header only: slow probes mean slow store reads; check the object store's latency",
            Stage.DECODE, "decode dominates: check that shrink-on-load applies (JPEG and WebP sources), that the native "
                    + "codecs are loaded (./thumbd codecs), and lower thumbd.limits.max-pixels for huge originals",
            Stage.RESIZE, "resize dominates: check that the vector kernel is in use (startup log) and that decode shrinks "
                    + "on load; very large reductions from PNG or AVIF sources cost most",
            Stage.ORIENT, "orientation copies pixels: many rotated sources; nothing to tune unless it dominates",
            Stage.COLOUR, "colour conversion: CMYK or ICC sources; convert originals to sRGB at upload if this persists",
            Stage.FRAME, "crop, pad and flatten: large output canvases; check w/h and enlarge in the requests",
            Stage.FILTER, "blur and sharpen: lower the radii or drop them from presets",
            Stage.ENCODE, "encode dominates: lower the AVIF effort or prefer WebP (fmt=auto negotiation), lower q, or "
                    + "cap output sizes"));

    private final Map<Stage, Double> thresholdsMs;

    public BottleneckFinder(Map<Stage, Double> thresholdsMs) {
        this.thresholdsMs = new EnumMap<>(Stage.class);
        this.thresholdsMs.putAll(thresholdsMs);
    }

    /** One stage in the report. */
    public record StageReport(String stage, double share, double meanMillis, long renders, boolean persistent,
            boolean transientBottleneck, double thresholdMillis, List<Double> windowMeansMillis, String suggestion) {
    }

    /** Stages by share of time, largest first. */
    public List<StageReport> find(StageWindows.Snapshot s) {
        Map<Stage, long[]> totals = new EnumMap<>(Stage.class);
        long all = 0;
        for (Stage st : Stage.values()) {
            long n = 0;
            long c = 0;
            for (int w = 0; w < s.windows(); w++) {
                n += s.nanos()[w][st.ordinal()];
                c += s.counts()[w][st.ordinal()];
            }
            totals.put(st, new long[] {n, c});
            all += n;
        }
        List<Double> means = new ArrayList<>();
        for (Stage st : Stage.values()) {
            long[] t = totals.get(st);
            if (t[1] > 0) {
                means.add(t[0] / 1e6 / t[1]);
            }
        }
        double mean = means.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sd = Math.sqrt(means.stream().mapToDouble(m -> (m - mean) * (m - mean)).average().orElse(0));
        List<StageReport> out = new ArrayList<>();
        for (Stage st : Stage.values()) {
            long[] t = totals.get(st);
            if (t[1] == 0) {
                continue;
            }
            double stageMean = t[0] / 1e6 / t[1];
            double threshold = thresholdsMs.getOrDefault(st, Double.MAX_VALUE);
            List<Double> perWindow = new ArrayList<>();
            for (int w = 0; w < s.windows(); w++) {
                perWindow.add(round(s.meanMillis(w, st)));
            }
            out.add(new StageReport(st.token(), all == 0 ? 0 : round((double) t[0] / all), round(stageMean), t[1],
                    means.size() > 1 && stageMean > mean + 2 * sd, lastThreeOver(s, st, threshold), threshold,
                    perWindow, ADVICE.get(st)));
        }
        out.sort(Comparator.comparingDouble(StageReport::share).reversed());
        return out;
    }

    /** Whether the last three windows in which the stage ran were each over the threshold. */
    private static boolean lastThreeOver(StageWindows.Snapshot s, Stage st, double threshold) {
        int seen = 0;
        for (int w = s.windows() - 1; w >= 0 && seen < 3; w--) {
            double m = s.meanMillis(w, st);
            if (m < 0) {
                continue;
            }
            if (m <= threshold) {
                return false;
            }
            seen++;
        }
        return seen == 3;
    }

    private static double round(double v) {
        return v < 0 ? v : Math.round(v * 1000) / 1000.0;
    }
}
