package dev.thumbd.benchmarks.pipeline;

import dev.thumbd.benchmarks.CorpusFiles;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.OutputFormat;
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
 * A placeholder (ThumbHash and dominant colour from the smallest decode), and {@code fmt=lqip} (that placeholder
 * drawn and encoded as a 32-pixel PNG), against a full render of the same photo (fit inside 300x300, WebP), one thread, one {@link Scratch} reused as a worker would.
 *
 * <p>Run: {@code ./thumbd jmh PlaceholderBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlaceholderBenchmark {

    @Param({"j4-flickr-2725x2225.jpg", "j6-iphonexs-4032x3024.jpg"})
    public String image;

    private ThumbnailPipeline pipeline;
    private Scratch scratch;
    private byte[] source;
    private ThumbnailSpec render;
    private ThumbnailSpec whole;
    private ThumbnailSpec lqip;

    @Setup(Level.Trial)
    public void setUp() {
        pipeline = ThumbnailPipeline.withDefaults();
        scratch = new Scratch();
        source = CorpusFiles.read(image);
        render = ThumbnailSpec.builder(image).width(300).height(300).fit(Fit.INSIDE).format(OutputFormat.WEBP)
                .build();
        whole = ThumbnailSpec.builder(image).build();
        lqip = ThumbnailSpec.builder(image).format(OutputFormat.LQIP).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public Placeholder placeholder() {
        Placeholder p = pipeline.placeholder(source, whole, null, scratch);
        if (p.width() > 100 || p.thumbHash().length < 5) {
            throw new IllegalStateException("wrong placeholder " + p);
        }
        return p;
    }

    /** {@code fmt=lqip}: the placeholder drawn from its ThumbHash at 32 px and encoded as PNG. */
    @Benchmark
    public byte[] lqip() {
        return pipeline.run(source, lqip, FormatChooser.NO_NEGOTIATION, scratch).data();
    }

    @Benchmark
    public byte[] render() {
        return pipeline.run(source, render, FormatChooser.NO_NEGOTIATION, scratch).data();
    }
}
