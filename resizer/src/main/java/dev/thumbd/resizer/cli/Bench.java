package dev.thumbd.resizer.cli;

import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Stage;
import dev.thumbd.resizer.pipeline.StageTimings;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code thumbd resize --bench}: runs the pipeline over the inputs {@code repeat} times per run, {@code threads}
 * images in flight, after {@code warmup} untimed runs, and prints the median run as a {@code RESULT} line in the
 * same shape as the peer benchmark scripts ({@code img_s}, {@code mp_s}, {@code out_bytes_per_img}), plus the mean
 * time per stage. Each worker owns one {@link Scratch} for the whole benchmark, as a service worker would.
 */
final class Bench {

    private final ThumbnailPipeline pipeline;
    private final Map<String, String> params;
    private final PrintStream out;
    private final PrintStream err;
    private final int threads;
    private final int repeat;
    private final int runs;
    private final int warmup;
    private final String label;
    private final String outDir;

    Bench(ThumbnailPipeline pipeline, Map<String, String> params, Arguments a, PrintStream out, PrintStream err) {
        this.pipeline = pipeline;
        this.params = params;
        this.out = out;
        this.err = err;
        this.threads = a.intValue("threads", 1, 1, 256);
        this.repeat = a.intValue("repeat", 3, 1, 1_000_000);
        this.runs = a.intValue("runs", 5, 1, 1000);
        this.warmup = a.intValue("warmup", 2, 0, 1000);
        this.label = a.get("label", "resize");
        this.outDir = a.get("out", "");
    }

    int run(List<Path> inputs) {
        List<Input> data = load(inputs);
        long bytesOut;
        try (Scratch main = new Scratch()) {
            bytesOut = writeOnce(data, main);
        }
        double mp = data.stream().mapToDouble(Input::megapixels).sum() * repeat;
        int n = data.size() * repeat;
        Workers workers = new Workers(data);
        List<Double> seconds = new ArrayList<>();
        StageTimings stages = new StageTimings();
        try {
            for (int r = -warmup; r < runs; r++) {
                StageTimings runStages = new StageTimings();
                double s = workers.run(runStages);
                err.printf(Locale.ROOT, "%s run %d: %.3f s, %.2f img/s%n", r < 0 ? "warmup" : "timed", r, s, n / s);
                if (r >= 0) {
                    seconds.add(s);
                    stages.addAll(runStages);
                }
            }
        } finally {
            workers.stop();
        }
        double median = seconds.stream().sorted().toList().get(runs / 2);
        StringJoiner runList = new StringJoiner(", ", "[", "]");
        seconds.forEach(s -> runList.add(String.format(Locale.ROOT, "%.4f", s)));
        out.printf(Locale.ROOT,
                "RESULT peer=thumbd task=%s threads=%d images=%d median_s=%.4f img_s=%.2f mp_s=%.2f "
                        + "out_bytes_per_img=%d runs=%s%n",
                label, threads, n, median, n / median, mp / median, bytesOut / data.size(), runList);
        out.println("STAGES task=" + label + " " + perImage(stages, (long) n * runs));
        return 0;
    }

    /**
     * Long-lived worker threads, each with its own {@link Scratch} for the whole benchmark (scratch memory is
     * confined to its thread, as on a service worker). A run releases them together and waits for all to finish.
     */
    private final class Workers {
        private final List<Input> data;
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final StageTimings[] perThread = new StageTimings[threads];
        private final Thread[] threadsRunning = new Thread[threads];
        private volatile boolean stopping;

        Workers(List<Input> data) {
            this.data = data;
            this.start = new CyclicBarrier(threads + 1);
            this.end = new CyclicBarrier(threads + 1);
            for (int t = 0; t < threads; t++) {
                int id = t;
                threadsRunning[t] = Thread.ofPlatform().name("bench-" + t).start(() -> loop(id));
            }
        }

        private void loop(int id) {
            try (Scratch scratch = new Scratch()) {
                while (true) {
                    start.await();
                    if (stopping) {
                        return;
                    }
                    StageTimings mine = new StageTimings();
                    int count = data.size() * repeat;
                    try {
                        for (int i; (i = next.getAndIncrement()) < count;) {
                            Input in = data.get(i % data.size());
                            mine.addAll(pipeline.run(in.bytes, in.spec, FormatChooser.NO_NEGOTIATION, scratch)
                                    .timings());
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                    perThread[id] = mine;
                    end.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                Thread.currentThread().interrupt();
            }
        }

        double run(StageTimings total) {
            next.set(0);
            long t0 = System.nanoTime();
            await(start);
            await(end);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Throwable f = failure.get();
            if (f != null) {
                throw new IllegalStateException("a benchmark worker failed: " + f, f);
            }
            for (StageTimings st : perThread) {
                total.addAll(st);
            }
            return seconds;
        }

        void stop() {
            stopping = true;
            await(start);
            for (Thread t : threadsRunning) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static void await(CyclicBarrier barrier) {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("benchmark interrupted", e);
            }
        }
    }

    private List<Input> load(List<Path> inputs) {
        List<Input> data = new ArrayList<>();
        for (Path p : inputs) {
            try {
                byte[] bytes = Files.readAllBytes(p);
                String name = p.getFileName().toString();
                var header = pipeline.probe(bytes);
                data.add(new Input(name, bytes, ThumbnailSpec.parse(SpecQuery.of(params, name)),
                        header.pixels() / 1e6));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /** Writes each output once (for quality checks) and returns the total output bytes of one pass. */
    private long writeOnce(List<Input> data, Scratch scratch) {
        long bytes = 0;
        for (Input in : data) {
            Thumbnail t = pipeline.run(in.bytes, in.spec, FormatChooser.NO_NEGOTIATION, scratch);
            bytes += t.data().length;
            if (!outDir.isEmpty()) {
                try {
                    Path dir = Files.createDirectories(Path.of(outDir));
                    ResizeCommand.writeAtomically(
                            dir.resolve(ResizeCommand.baseName(in.name) + "." + t.format().extension()), t.data());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return bytes;
    }

    private static String perImage(StageTimings t, long images) {
        StringJoiner j = new StringJoiner(" ");
        for (Stage s : Stage.values()) {
            j.add(String.format(Locale.ROOT, "%s_ms=%.3f", s.token(), t.nanos(s) / 1e6 / images));
        }
        return j.toString();
    }

    private record Input(String name, byte[] bytes, ThumbnailSpec spec, double megapixels) {
    }
}
