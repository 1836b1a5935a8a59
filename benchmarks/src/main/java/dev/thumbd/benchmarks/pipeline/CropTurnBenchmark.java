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
 * A crop or a turn before the resize, against the same request without it, one thread, one reused {@link Scratch}:
 * {@code op=none} is {@code w=300&fmt=jpeg&q=80}, {@code op=crop} adds {@code crop=400,300,1600,1200} (inside both
 * j4 2725x2225 and the upright j6 3024x4032), {@code op=turn} adds {@code rotate=90&flop=true}. The same work as
 * sharp's {@code .autoOrient().extract(...)} / {@code .autoOrient().rotate(90).flop()} then
 * {@code .resize(300).jpeg({quality: 80})} ({@code benchmarks/peers/crop-turn-sharp.sh} runs both in one sitting).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CropTurnBenchmark {

    /** The photo ({@code -p file=PATH[,PATH...]}). */
    @Param({""})
    public String file;

    @Param({"none", "crop", "turn"})
    public String op;

    private ThumbnailPipeline pipeline;
    private Scratch scratch;
    private byte[] source;
    private ThumbnailSpec spec;

    @Setup(Level.Trial)
    public void setUp() {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("give the photo with -p file=PATH");
        }
        try {
            source = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String edit = switch (op) {
            case "none" -> "";
            case "crop" -> "&crop=400,300,1600,1200";
            case "turn" -> "&rotate=90&flop=true";
            default -> throw new IllegalArgumentException("op: none, crop or turn, not " + op);
        };
        pipeline = ThumbnailPipeline.withDefaults();
        scratch = new Scratch();
        spec = ThumbnailSpec.parse(QueryString.decode("src=x&w=300&fmt=jpeg&q=80" + edit));
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
