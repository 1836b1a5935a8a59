package dev.thumbd.benchmarks.peer;

import dev.thumbd.benchmarks.CorpusFiles;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import org.imgscalr.Scalr;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-JVM peers on task T1 (JPEG photo -> fit inside 300x300 -> JPEG q80), each from bytes to bytes with ImageIO
 * decoding and encoding: Thumbnailator, imgscalr (AUTOMATIC, as the peer scripts use it) and plain ImageIO with a
 * bicubic {@code Graphics2D.drawImage}. Compare with {@code PipelineBenchmark} at {@code format=jpeg}.
 *
 * <p>Run: {@code ./thumbd jmh JavaPeersBenchmark -f 1 -wi 2 -i 3}. Each invocation checks its own output size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class JavaPeersBenchmark {

    @Param({"j3-cardinal-1920x1080.jpg", "j4-flickr-2725x2225.jpg"})
    public String image;

    private byte[] source;

    @Setup(Level.Trial)
    public void setUp() {
        source = CorpusFiles.read(image);
    }

    @Benchmark
    public byte[] thumbnailator() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thumbnails.of(new ByteArrayInputStream(source)).size(300, 300).outputFormat("jpg").outputQuality(0.8f)
                .toOutputStream(out);
        return checked(out.toByteArray());
    }

    @Benchmark
    public byte[] imgscalr() throws IOException {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(source));
        BufferedImage dst = Scalr.resize(src, Scalr.Method.AUTOMATIC, Scalr.Mode.AUTOMATIC, 300, 300);
        return checked(jpeg(dst));
    }

    @Benchmark
    public byte[] imageioBicubic() throws IOException {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(source));
        double s = Math.min(300.0 / src.getWidth(), 300.0 / src.getHeight());
        int w = (int) Math.round(src.getWidth() * s);
        int h = (int) Math.round(src.getHeight() * s);
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return checked(jpeg(dst));
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] checked(byte[] jpeg) {
        if (jpeg.length < 100 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalStateException("not a JPEG");
        }
        return jpeg;
    }
}
