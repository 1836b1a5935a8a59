package dev.thumbd.benchmarks.codec;

import dev.thumbd.benchmarks.CorpusFiles;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.jpeg.ImageIoJpegEncoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpegEncoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JPEG encode at quality 80, 4:2:0, baseline (the JPEG defaults) of a thumbnail-sized photo: {@code
 * j3-cardinal-1920x1080.jpg} decoded at 1/2 (960x540 RGB). TurboJPEG over FFM against the ImageIO fallback.
 *
 * <pre>
 * ./mvnw -q -B install -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar JpegEncodeBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JpegEncodeBenchmark {

    private final EncodeOptions options = EncodeOptions.defaults(ImageFormat.JPEG);
    private PixelBuffer image;
    private Scratch scratch;
    private TurboJpegEncoder turbo;
    private ImageIoJpegEncoder imageIo;

    @Setup(Level.Trial)
    public void setUp() {
        TurboJpeg binding = TurboJpeg.load().library()
                .orElseThrow(() -> new IllegalStateException("libturbojpeg unavailable"));
        scratch = new Scratch();
        PixelBuffer decoded = new TurboJpegDecoder(binding)
                .decode(CorpusFiles.read("j3-cardinal-1920x1080.jpg"), 2, scratch);
        image = new PixelBuffer(Arrays.copyOf(decoded.data(), decoded.byteLength()),
                decoded.width(), decoded.height(), decoded.format());
        turbo = new TurboJpegEncoder(binding);
        imageIo = new ImageIoJpegEncoder();
        for (byte[] out : new byte[][] {turbo(), imageIo()}) {
            if (out.length < 1000 || (out[0] & 0xFF) != 0xFF || (out[1] & 0xFF) != 0xD8) {
                throw new IllegalStateException("encoder output is not a JPEG");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public byte[] turbo() {
        return turbo.encode(image, options, scratch);
    }

    @Benchmark
    public byte[] imageIo() {
        return imageIo.encode(image, options, scratch);
    }
}
