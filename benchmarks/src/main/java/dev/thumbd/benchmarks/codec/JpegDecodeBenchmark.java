package dev.thumbd.benchmarks.codec;

import dev.thumbd.benchmarks.CorpusFiles;
import dev.thumbd.resizer.codec.jpeg.ImageIoJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JPEG decode: TurboJPEG over FFM with DCT scaling at 1/1, 1/2, 1/4 and 1/8, against the ImageIO fallback (which
 * always decodes at full size, so only {@code shrink=1} means anything for it). Times include copying the file
 * into native memory and the pixels back to the heap. The photo is {@code j4-flickr-2725x2225.jpg} (6 MP).
 *
 * <pre>
 * ./mvnw -q -B install -DskipTests
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
 *     JpegDecodeBenchmark.turboJpeg -f 1 -wi 3 -i 5
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
 *     JpegDecodeBenchmark.imageIo -p shrink=1 -f 1 -wi 3 -i 5
 * </pre>
 * Run from the repository root, or pass {@code -jvmArgsAppend -Dthumbd.corpus=/path/to/corpus}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JpegDecodeBenchmark {

    @Param({"1", "2", "4", "8"})
    public int shrink;

    @Param("j4-flickr-2725x2225.jpg")
    public String file;

    private byte[] jpeg;
    private Scratch scratch;
    private TurboJpegDecoder turbo;
    private ImageIoJpegDecoder imageIo;

    @Setup(Level.Trial)
    public void setUp() {
        jpeg = CorpusFiles.read(file);
        scratch = new Scratch();
        turbo = new TurboJpegDecoder(TurboJpeg.load().library()
                .orElseThrow(() -> new IllegalStateException("libturbojpeg unavailable")));
        imageIo = new ImageIoJpegDecoder();
        PixelBuffer check = turbo.decode(jpeg, shrink, scratch);
        if (check.width() < 2725 / shrink || check.width() > 2725 / shrink + 1) {
            throw new IllegalStateException("unexpected decode " + check);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public PixelBuffer turboJpeg() {
        return turbo.decode(jpeg, shrink, scratch);
    }

    @Benchmark
    public PixelBuffer imageIo() {
        return imageIo.decode(jpeg, shrink, scratch);
    }
}
