package dev.thumbd.benchmarks.kernel;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.kernel.Resampler;
import dev.thumbd.resizer.kernel.Resamplers;
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
 * The scalar and Vector API resampler twins on the same inputs: Lanczos3, the sizes a 300-px thumbnail sees after
 * shrink-on-load (682x557 from a 1/4 JPEG decode), without it (2725x2225, box shrink + reduce) and an awkward odd
 * size, RGB and RGBA. Both twins run in this one fork with the same flags, so the pair is directly comparable.
 *
 * <p>Run: {@code ./thumbd jmh ResampleBenchmark -f 1 -wi 3 -i 5} (add {@code -prof gc}: the steady state allocates
 * only a few hundred bytes per call, the weights' scratch doubles). The warm-up is short because each call is
 * milliseconds and C2 compiles the loops within the first few hundred calls. Each call checks its output size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResampleBenchmark {

    @Param({"682x557>300x245", "2725x2225>300x245", "1920x1080>300x169", "1001x667>299x199"})
    public String size;

    @Param({"3", "4"})
    public int channels;

    @Param({"vector", "scalar"})
    public String resampler;

    private PixelBuffer source;
    private int width;
    private int height;
    private Resampler r;
    private Scratch scratch;

    @Setup(Level.Trial)
    public void setUp() {
        String[] io = size.split(">");
        String[] in = io[0].split("x");
        String[] out = io[1].split("x");
        int w = Integer.parseInt(in[0]);
        int h = Integer.parseInt(in[1]);
        width = Integer.parseInt(out[0]);
        height = Integer.parseInt(out[1]);
        byte[] data = new byte[w * h * channels];
        new Random(42).nextBytes(data);
        source = new PixelBuffer(data, w, h, channels == 3 ? PixelFormat.RGB : PixelFormat.RGBA);
        r = Resamplers.named(resampler);
        scratch = new Scratch();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public PixelBuffer resize() {
        PixelBuffer out = r.resize(source, width, height, Kernel.LANCZOS3, scratch);
        if (out.width() != width || out.height() != height) {
            throw new IllegalStateException("wrong size " + out);
        }
        return out;
    }
}
