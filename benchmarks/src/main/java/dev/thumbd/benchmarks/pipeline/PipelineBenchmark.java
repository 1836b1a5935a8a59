package dev.thumbd.benchmarks.pipeline;

import dev.thumbd.benchmarks.CorpusFiles;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.Crop;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.Gravity;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.Rgba;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole thumbnail pipeline (probe, decode with shrink-on-load, orient, resize, encode) per corpus image, fit
 * inside 300x300, one thread, one {@link Scratch} reused as a service worker would.
 *
 * <p>Run: {@code ./thumbd jmh PipelineBenchmark -f 1 -wi 3 -i 5} (add {@code -prof gc} for
 * {@code gc.alloc.rate.norm}, the bytes allocated per thumbnail). Each invocation checks its own output size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {

    @Param({"j1-landscape-600x450.jpg", "j3-cardinal-1920x1080.jpg", "j4-flickr-2725x2225.jpg",
            "j6-iphonexs-4032x3024.jpg", "p1-paper-alpha-2048x1536.png", "w1-tree-1024x772.webp"})
    public String image;

    @Param({"jpeg", "webp"})
    public String format;

    /** {@code default}, or {@code economy}: the cheaper settings of degradation level 1 ({@code -p settings=economy}). */
    @Param({"default"})
    public String settings;

    private ThumbnailPipeline pipeline;
    private Scratch scratch;
    private byte[] source;
    private ThumbnailSpec spec;

    @Setup(Level.Trial)
    public void setUp() {
        ThumbnailPipeline defaults = ThumbnailPipeline.withDefaults();
        pipeline = switch (settings) {
            case "default" -> defaults;
            case "economy" -> new ThumbnailPipeline(defaults.codecs(), defaults.resampler(),
                    defaults.settings().economy());
            default -> throw new IllegalArgumentException("settings: default or economy, not " + settings);
        };
        scratch = new Scratch();
        source = CorpusFiles.read(image);
        spec = new ThumbnailSpec(image, 300, 300, Fit.INSIDE, Gravity.CENTRE, 0.5, 0.5, 1,
                OutputFormat.fromToken(format).orElseThrow(), 80, Rgba.WHITE, false, 0, 0, Crop.NONE, 0, false, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public byte[] thumbnail() {
        Thumbnail t = pipeline.run(source, spec, FormatChooser.NO_NEGOTIATION, scratch);
        if (Math.max(t.width(), t.height()) > 300 || t.data().length == 0) {
            throw new IllegalStateException("wrong output size " + t.width() + "x" + t.height());
        }
        return t.data();
    }
}
