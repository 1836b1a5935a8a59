package dev.thumbd.benchmarks.pipeline;

import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.OverBlend;
import dev.thumbd.resizer.overlay.OverlayInput;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
 * {@code w=800&fmt=jpeg&q=80&wm=logo.png&wm_gravity=southeast&wm_scale=0.25} on a photo, one thread, one reused
 * {@link Scratch}, the overlay decoded once and kept (as the service does): the same work as sharp's
 * {@code .resize(800).composite([{input: logo resized to 200 wide, gravity: 'southeast'}]).jpeg({quality: 80})}
 * ({@code benchmarks/peers/overlay-sharp.sh} runs both in one sitting). {@link #resizeOnly} is the same request
 * without the overlay, so the difference is what the overlay costs; {@code blend*} time the "over" kernel twins
 * alone on a 200x100 overlay's rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OverlayBenchmark {

    /** The photo ({@code -p file=...}). */
    @Param({""})
    public String file;
    /** The overlay, a PNG with alpha ({@code -p overlay=...}). */
    @Param({""})
    public String overlay;

    private ThumbnailPipeline pipeline;
    private Scratch scratch;
    private byte[] source;
    private OverlayInput mark;
    private ThumbnailSpec marked;
    private ThumbnailSpec plain;
    private final OverBlend vector = OverBlend.named("vector");
    private final OverBlend scalar = OverBlend.named("scalar");
    private byte[] colour;
    private byte[] cover;
    private byte[] canvas;

    @Setup(Level.Trial)
    public void setUp() {
        if (file.isEmpty() || overlay.isEmpty()) {
            throw new IllegalArgumentException("give the photo and the overlay with -p file=PATH -p overlay=PATH");
        }
        try {
            source = Files.readAllBytes(Path.of(file));
            mark = OverlayInput.encoded("logo.png", "v1", Files.readAllBytes(Path.of(overlay)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pipeline = ThumbnailPipeline.withDefaults();
        scratch = new Scratch();
        plain = ThumbnailSpec.parse(QueryString.decode("src=x&w=800&fmt=jpeg&q=80"));
        marked = ThumbnailSpec.parse(QueryString.decode("src=x&w=800&fmt=jpeg&q=80&wm=logo.png"
                + "&wm_gravity=southeast&wm_scale=0.25"));
        pipeline.run(source, mark, marked, FormatChooser.NO_NEGOTIATION, scratch);   // decoded once, then kept
        Random r = new Random(1);
        int n = 200 * 100 * 3;
        colour = new byte[n];
        cover = new byte[n];
        canvas = new byte[n];
        r.nextBytes(canvas);
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(256);
            cover[i] = (byte) a;
            colour[i] = (byte) r.nextInt(a + 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public byte[] resizeWithOverlay() {
        OverlayInput in = pipeline.overlays().get(mark.key(), mark.version()).map(OverlayInput::decoded).orElse(mark);
        Thumbnail t = pipeline.run(source, in, marked, FormatChooser.NO_NEGOTIATION, scratch);
        if (t.width() != 800) {
            throw new IllegalStateException("wrong output " + t.width() + "x" + t.height());
        }
        return t.data();
    }

    @Benchmark
    public byte[] resizeOnly() {
        return pipeline.run(source, plain, FormatChooser.NO_NEGOTIATION, scratch).data();
    }

    @Benchmark
    public byte[] blendVector() {
        vector.blend(colour, cover, 0, canvas, 0, canvas.length);
        return canvas;
    }

    @Benchmark
    public byte[] blendScalar() {
        scalar.blend(colour, cover, 0, canvas, 0, canvas.length);
        return canvas;
    }
}
