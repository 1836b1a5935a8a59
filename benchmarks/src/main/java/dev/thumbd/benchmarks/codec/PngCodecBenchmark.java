package dev.thumbd.benchmarks.codec;

import dev.thumbd.benchmarks.CorpusFiles;
import dev.thumbd.resizer.codec.EncodeOptions;
import dev.thumbd.resizer.codec.png.ImageIoPngDecoder;
import dev.thumbd.resizer.codec.png.ImageIoPngEncoder;
import dev.thumbd.resizer.codec.png.LibPng;
import dev.thumbd.resizer.codec.png.LibPngDecoder;
import dev.thumbd.resizer.codec.png.LibPngEncoder;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * PNG decode and encode of {@code p2-bird-rgba-576x384.png} (RGBA photo): libpng's simplified API over FFM against
 * the JDK's ImageIO PNG codec. Encoding effort 6 (the PNG default) is libpng's default compression and zlib level 6
 * for ImageIO; effort 1 is libpng's fast mode and zlib level 1.
 *
 * <pre>
 * ./mvnw -q -B install -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar PngCodecBenchmark -f 1 -wi 3 -i 5
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar 'PngCodecBenchmark.encode' \
 *     -p effort=1 -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PngCodecBenchmark {

    /** Encoder effort: 6 is the PNG default; below 4 libpng is asked to be fast ({@code PNG_IMAGE_FLAG_FAST}). */
    @Param("6")
    public int effort;

    private EncodeOptions options;
    private byte[] png;
    private PixelBuffer image;
    private Scratch scratch;
    private LibPngDecoder libPngDecoder;
    private LibPngEncoder libPngEncoder;
    private ImageIoPngDecoder imageIoDecoder;
    private ImageIoPngEncoder imageIoEncoder;

    @Setup(Level.Trial)
    public void setUp() {
        LibPng binding = LibPng.load().library().orElseThrow(() -> new IllegalStateException("libpng unavailable"));
        options = new EncodeOptions(100, effort, false, EncodeOptions.defaults(ImageFormat.PNG).chroma(), 1);
        png = CorpusFiles.read("p2-bird-rgba-576x384.png");
        scratch = new Scratch();
        libPngDecoder = new LibPngDecoder(binding);
        libPngEncoder = new LibPngEncoder(binding);
        imageIoDecoder = new ImageIoPngDecoder();
        imageIoEncoder = new ImageIoPngEncoder();
        PixelBuffer decoded = decodeLibPng();
        image = new PixelBuffer(Arrays.copyOf(decoded.data(), decoded.byteLength()),
                decoded.width(), decoded.height(), decoded.format());
        if (image.width() != 576 || decodeImageIo().height() != 384
                || encodeLibPng()[1] != 'P' || encodeImageIo()[1] != 'P') {
            throw new IllegalStateException("PNG codecs disagree with the input");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scratch.close();
    }

    @Benchmark
    public PixelBuffer decodeLibPng() {
        return libPngDecoder.decode(png, 1, scratch);
    }

    @Benchmark
    public PixelBuffer decodeImageIo() {
        return imageIoDecoder.decode(png, 1, scratch);
    }

    @Benchmark
    public byte[] encodeLibPng() {
        return libPngEncoder.encode(image, options, scratch);
    }

    @Benchmark
    public byte[] encodeImageIo() {
        return imageIoEncoder.encode(image, options, scratch);
    }
}
