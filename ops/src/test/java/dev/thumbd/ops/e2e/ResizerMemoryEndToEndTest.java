package dev.thumbd.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.ops.RequiredTool;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * The memory model under load, end to end: a resizer started exactly as {@code ./thumbd run} starts it (the same
 * JVM options, so a 256 MB heap and {@code -XX:+ExitOnOutOfMemoryError}) renders a few hundred thumbnails of large
 * photos made in this test (a 24 MP JPEG, a 12 MP JPEG, an RGBA PNG, a 4K AVIF) at 2 and 8 concurrent requests:
 * every valid image answers 200 and the degradation ladder stays at 0; decompression bombs sent concurrently answer
 * 4xx or 503; the process never runs out of memory, stays alive, and its peak resident memory stays under the bound
 * it reports at start; at 32 concurrent requests it answers only 200 or 503 with {@code Retry-After}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResizerMemoryEndToEndTest {

    private static final int[] WIDTHS = {100, 160, 240, 320, 400, 480, 640, 800, 960, 1080, 1280, 1440, 1600, 1920,
        2048, 2400};
    private static final Pattern BOUND = Pattern.compile("process at most about (\\d+) MiB");

    private static Path store;
    private static ServiceProcess resizer;
    private static final List<String> ORIGINALS = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        store = Files.createTempDirectory("thumbd-memory-store");
        Path cache = Files.createTempDirectory("thumbd-memory-cache");
        String avifenc = RequiredTool.path("avifenc", "libavif-bin");
        jpeg("photo-6000x4000.jpg", photo(6000, 4000, false, 1), 0.9f);
        jpeg("phone-4032x3024.jpg", photo(4032, 3024, false, 2), 0.92f);
        png("alpha-2048x1536.png", photo(2048, 1536, true, 3));
        Path uhd = store.resolve("uhd-3840x2160.png");
        ImageIO.write(photo(3840, 2160, false, 4), "png", uhd.toFile());
        Process enc = new ProcessBuilder(avifenc, "-s", "10", "-j", "2", uhd.toString(),
                store.resolve("uhd-3840x2160.avif").toString()).redirectErrorStream(true).start();
        enc.getInputStream().readAllBytes();
        assertThat(enc.waitFor()).as("avifenc").isZero();
        Files.delete(uhd);
        ORIGINALS.add("uhd-3840x2160.avif");
        Files.write(store.resolve("bomb-frame.gif"), gifBomb());
        Files.write(store.resolve("bomb-zeros.png"), pngOfZeros(7000, 7000));
        Files.write(store.resolve("bomb-progressive.jpg"), progressiveJpegHeader(7000, 7000));
        resizer = ServiceProcess.startLikeThumbdRun(ServiceProcess.freePort(), ServiceProcess.freePort(), List.of(
                "--thumbd.store.root=" + store, "--thumbd.cache.disk.dir=" + cache,
                "--logging.level.dev.thumbd.resizer.config=INFO"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (resizer != null) {
            resizer.close();
        }
    }

    @Test
    @Order(1)
    void largePhotosAtTwoConcurrentRequestsAndBombsAlongside() throws Exception {
        Map<Integer, Integer> two = warm(2, 81);
        assertThat(two).as("2 concurrent: every valid image 200").containsOnlyKeys(200);
        assertThat(degradationLevel()).as("two clients of big photos do not move the ladder").isZero();

        List<String> bombs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bombs.add("/v1/resize?src=bomb-frame.gif&w=" + (100 + i));
            bombs.add("/v1/resize?src=bomb-zeros.png&w=" + (100 + i));
            bombs.add("/v1/resize?src=bomb-progressive.jpg&w=" + (100 + i));
            bombs.add("/v1/resize?src=photo-6000x4000.jpg&w=8192&h=8192&dpr=2&fit=contain&fmt=jpeg&q=" + (60 + i));
            bombs.add("/v1/resize?src=photo-6000x4000.jpg&w=6000&h=6000&fit=fill&enlarge=true&fmt=png&q=" + (60 + i));
            bombs.add("/v1/resize?src=phone-4032x3024.jpg&w=3000&blur=1000&q=" + (60 + i));
        }
        Map<Integer, Integer> refused = run(16, bombs, new AtomicInteger());
        for (int status : refused.keySet()) {
            assertThat(status).as("bombs: %s", refused).satisfiesAnyOf(
                    s -> assertThat(s).isBetween(400, 499), s -> assertThat(s).isEqualTo(503));
        }
        System.out.printf("memory end to end: 2 -> %s, bombs -> %s%n", two, refused);
        assertAliveAndWithinItsBound();
    }

    @Test
    @Order(2)
    void largePhotosAtEightConcurrentRequestsAllRender() throws Exception {
        Map<Integer, Integer> eight = warm(8, 82);
        System.out.printf("memory end to end: 8 -> %s%n", eight);
        assertThat(eight).as("8 concurrent: every valid image 200").containsOnlyKeys(200);
        assertThat(degradationLevel()).as("eight clients within the queue do not move the ladder").isZero();
        assertAliveAndWithinItsBound();
    }

    /** At 32 concurrent requests of large photos: only 200 or 503 with Retry-After, and the process lives. */
    @Test
    @Order(3)
    void largePhotosAtThirtyTwoConcurrentRequestsAreOnlyShed() throws Exception {
        AtomicInteger without = new AtomicInteger();
        Map<Integer, Integer> thirtyTwo = run(32, urls(83), without);
        System.out.printf("memory end to end: 32 -> %s%n", thirtyTwo);
        assertThat(thirtyTwo.keySet()).as("32 concurrent: 200 or 503 only").isSubsetOf(200, 503);
        assertThat(without).as("503s without Retry-After").hasValue(0);
        assertAliveAndWithinItsBound();
    }

    private static void assertAliveAndWithinItsBound() throws IOException {
        assertThat(resizer.isAlive()).as("the resizer is alive").isTrue();
        String log = resizer.log();
        assertThat(log).doesNotContain("OutOfMemoryError");
        Matcher bound = BOUND.matcher(log);
        assertThat(bound.find()).as("the startup log reports the memory bound: %s", log).isTrue();
        long boundKb = Long.parseLong(bound.group(1)) * 1024;
        long peakKb = vmHwmKb(resizer.pid());
        System.out.printf("memory end to end: peak RSS %d MiB, bound %d MiB%n", peakKb / 1024, boundKb / 1024);
        assertThat(peakKb).as("peak RSS (VmHWM) in KiB against the bound the resizer reports").isLessThan(boundKb);
    }

    /** Every URL of the originals at every width in JPEG and WebP at quality {@code q}. */
    private static List<String> urls(int q) {
        List<String> urls = new ArrayList<>();
        for (String src : ORIGINALS) {
            for (int w : WIDTHS) {
                for (String fmt : List.of("jpeg", "webp")) {
                    urls.add("/v1/resize?src=" + src + "&w=" + w + "&fmt=" + fmt + "&q=" + q);
                }
            }
        }
        return urls;
    }

    private static Map<Integer, Integer> warm(int concurrency, int q) throws Exception {
        return run(concurrency, urls(q), new AtomicInteger());
    }

    /** Sends {@code urls} with {@code concurrency} requests in flight; status counts; 503s lacking Retry-After. */
    private static Map<Integer, Integer> run(int concurrency, List<String> urls, AtomicInteger withoutRetryAfter)
            throws Exception {
        Map<Integer, Integer> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (String url : urls) {
                all.add(pool.submit(() -> {
                    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(resizer.uri(url))
                            .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    counts.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                        withoutRetryAfter.incrementAndGet();
                    }
                    if (r.statusCode() >= 400 && r.statusCode() != 503 && !url.contains("bomb")
                            && !url.contains("blur") && !url.contains("enlarge") && !url.contains("dpr")) {
                        System.out.println(url + " -> " + r.statusCode() + " "
                                + new String(r.body(), StandardCharsets.UTF_8));
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new TreeMap<>(counts);
    }

    private static double degradationLevel() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(resizer.managementUri("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^thumbd_degradation_level(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("the degradation gauge").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static long vmHwmKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }

    private static void jpeg(String name, BufferedImage img, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(store.resolve(name).toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        ORIGINALS.add(name);
    }

    private static void png(String name, BufferedImage img) throws IOException {
        ImageIO.write(img, "png", store.resolve(name).toFile());
        ORIGINALS.add(name);
    }

    /** Photo-like pixels: smooth light, hard edges and grain. */
    static BufferedImage photo(int w, int h, boolean alpha, long seed) {
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int c = alpha ? 4 : 3;
        int o = alpha ? 1 : 0;   // ABGR: alpha first
        SplittableRandom r = new SplittableRandom(seed);
        double[] col = new double[w];
        for (int x = 0; x < w; x++) {
            col[x] = Math.sin(x * 7.0 / w);
        }
        for (int y = 0; y < h; y++) {
            double row = Math.cos(y * 5.0 / h);
            for (int x = 0; x < w; x++) {
                double light = 0.5 + 0.35 * col[x] * row;
                boolean edge = ((x / (w / 13)) + (y / (h / 9))) % 5 == 0;
                int n = r.nextInt(24) - 12;
                int i = (y * w + x) * c;
                d[i + o + 2] = (byte) clamp((int) (255 * light * (edge ? 0.6 : 1.0)) + n);
                d[i + o + 1] = (byte) clamp((int) (220 * (1 - light) + 30.0 * x / w) + n);
                d[i + o] = (byte) clamp((int) (160.0 * y / h + 60 * light) + n);
                if (alpha) {
                    d[i] = (byte) clamp((int) (80 + 175.0 * x / w));
                }
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A GIF with a 1x1 logical screen and one 30000x30000 frame. */
    static byte[] gifBomb() {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0,
            0, 0, 0, (byte) 255, (byte) 255, (byte) 255,
            0x2C, 0, 0, 0, 0, 0x30, 0x75, 0x30, 0x75, 0,
            2, 2, 0x44, 0x01, 0, 0x3B};
    }

    /** A progressive JPEG frame header declaring {@code w x h} (its coefficients would be held at full size). */
    static byte[] progressiveJpegHeader(int w, int h) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC2, 0, 17, 8,
            (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0,
            (byte) 0xFF, (byte) 0xD9};
    }

    /** A real RGBA PNG of zeros: a few hundred KB that decode to {@code w x h x 4} bytes. */
    static byte[] pngOfZeros(int w, int h) throws IOException {
        Deflater d = new Deflater(9);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] row = new byte[1 + 4 * w];
        byte[] buf = new byte[1 << 16];
        for (int y = 0; y < h; y++) {
            d.setInput(row);
            while (!d.needsInput()) {
                z.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", new byte[] {(byte) (w >> 24), (byte) (w >> 16), (byte) (w >> 8), (byte) w,
            (byte) (h >> 24), (byte) (h >> 16), (byte) (h >> 8), (byte) h, 8, 6, 0, 0, 0});
        chunk(png, "IDAT", z.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        int n = data.length;
        out.write(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        out.write(t);
        out.write(data);
        long v = crc.getValue();
        out.write(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }
}
