package dev.thumbd.benchmarks.pipeline;

import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code w=300&fmt=jpeg|webp&q=80} on a source file of any input format (made for the run: a TIFF, a CMYK TIFF, a
 * BMP of a corpus photo), one thread, one reused {@link Scratch}: decode, colour, resize to 300 wide and encode, the
 * same work as sharp's {@code .resize(300).jpeg({quality: 80})} (or ImageMagick's {@code convert}, for BMP, which
 * sharp cannot read) on the same files ({@code benchmarks/peers/tiff-bmp-sharp.sh} runs them in one sitting).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeFormatBenchmark {

    /** The source file ({@code -p file=PATH[,PATH...]}). */
    @Param({""})
    public String file;

    @Param({"jpeg", "webp"})
    public String format;

    private ThumbnailPipeline pipeline;
    private Scratch scratch;
    private byte[] source;
    private ThumbnailSpec spec;

    @Setup(Level.Trial)
    public void setUp() {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("give the source file with -p file=PATH");
        }
        try {
            source = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pipeline = ThumbnailPipeline.withDefaults();
        scratch = new Scratch();
        spec = ThumbnailSpec.parse(QueryString.decode("src=x&w=300&q=80&fmt=" + format));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public byte[] thumbnail() {
        Thumbnail t = pipeline.run(source, spec, FormatChooser.NO_NEGOTIATION, scratch);
        if (t.width() != 300 || t.data().length == 0) {
            throw new IllegalStateException("wrong output " + t.width() + "x" + t.height());
        }
        return t.data();
    }
}
