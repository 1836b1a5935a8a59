package dev.thumbd.resizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line over the bundled samples: outputs, exit codes, messages. */
class ThumbdCommandTest {

    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        return ThumbdCommand.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private static Path samples() {
        return Path.of("..", "samples").toAbsolutePath().normalize();
    }

    @Test
    void resizesAFolderIntoTheOutputFolder() throws IOException {
        int code = run("resize", samples().toString(), "--w", "120", "--h", "120", "--fit", "inside", "--fmt",
                "png", "--out", out.toString(), "--threads", "2");
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        try (var files = Files.list(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).contains("landscape.png", "portrait-exif6.png", "bird-rgba.png");
            assertThat(names).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("120x90").contains("90x120");
    }

    @Test
    void cropsAndTurnsLikeTheUrl() throws IOException {
        // landscape.jpg: keep a 200x100 rectangle, turn it a quarter: 100x200, then fitted to 50 wide
        int code = run("resize", samples().resolve("landscape.jpg").toString(), "--crop", "10,20,200,100",
                "--rotate", "90", "--flop", "true", "--w", "50", "--fmt", "png", "--out", out.toString());
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("50x100");
        code = run("resize", samples().resolve("landscape.jpg").toString(), "--crop", "0,0,99999,1", "--out",
                out.toString());
        assertThat(code).isNotZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("for crop but received '0,0,99999,1'");
    }

    @Test
    void laysAnOverlayLikeTheUrl() throws IOException {
        // an opaque red 16x8 PNG in the south-east corner, 4 px in from both edges, over landscape.jpg made 120 wide
        java.awt.image.BufferedImage mark = new java.awt.image.BufferedImage(16, 8,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                mark.setRGB(x, y, 0xffff0000);
            }
        }
        Path logo = out.resolve("logo.png");
        javax.imageio.ImageIO.write(mark, "png", logo.toFile());
        Path dest = out.resolve("o");
        int code = run("resize", samples().resolve("landscape.jpg").toString(), "--w", "120", "--fmt", "png",
                "--wm", logo.toString(), "--wm_gravity", "southeast", "--wm_x", "4", "--wm_y", "4", "--out",
                dest.toString());
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(dest.resolve("landscape.png").toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        assertThat(img.getRGB(w - 5, h - 5) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(w - 20, h - 12) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(w - 21, h - 13) & 0xffffff).isNotEqualTo(0xff0000);
        // a missing overlay file is a usage error; a bad placement is the URL's message
        assertThat(run("resize", samples().resolve("landscape.jpg").toString(), "--wm", out.resolve("none.png")
                .toString(), "--out", dest.toString())).isNotZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("cannot read the overlay");
        assertThat(run("resize", samples().resolve("landscape.jpg").toString(), "--wm", logo.toString(),
                "--wm_gravity", "smart", "--out", dest.toString())).isNotZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("for wm_gravity but received 'smart'");
    }

    @Test
    void aBrokenFileIsReportedAndTheOthersGoOn() throws IOException {
        Path in = Files.createDirectory(out.resolve("in"));
        Files.copy(samples().resolve("landscape.jpg"), in.resolve("good.jpg"));
        Files.writeString(in.resolve("bad.jpg"), "not an image");
        int code = run("resize", in.toString(), "--w", "50", "--out", out.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("bad.jpg").contains("unsupported-format");
        assertThat(out.resolve("o").resolve("good.jpg")).exists();
    }

    @Test
    void badParametersAreUsageErrorsInTheSpecMessageShape() {
        int code = run("resize", samples().resolve("landscape.jpg").toString(), "--w", "0");
        assertThat(code).isNotZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8) + stdout.toString(StandardCharsets.UTF_8))
                .contains("for w but received '0'");
    }

    @Test
    void benchPrintsAResultLine() {
        int code = run("resize", samples().resolve("landscape.jpg").toString(), "--w", "100", "--bench",
                "--repeat", "2", "--runs", "1", "--warmup", "0", "--label", "t");
        assertThat(code).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("RESULT peer=thumbd task=t").contains("img_s=");
    }

    @Test
    void codecsListsEveryFormat() {
        assertThat(run("codecs")).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("jpeg").contains("png").contains("webp")
                .contains("avif").contains("gif");
    }

    /** A {@code w x h} white PNG with a red {@code iw x ih} rectangle in its middle. */
    private static byte[] framed(int w, int h, int iw, int ih) {
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) 255);
        for (int y = (h - ih) / 2; y < (h - ih) / 2 + ih; y++) {
            for (int x = (w - iw) / 2; x < (w - iw) / 2 + iw; x++) {
                px[(y * w + x) * 3 + 1] = 0;
                px[(y * w + x) * 3 + 2] = 0;
            }
        }
        return dev.thumbd.resizer.fixture.PngBytes.encode(new dev.thumbd.resizer.image.PixelBuffer(px, w, h,
                dev.thumbd.resizer.image.PixelFormat.RGB));
    }

    private String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void heicTiffBmpAndGifOriginalsInAFolderBecomeThumbnails() throws Exception {
        Path in = Files.createDirectory(out.resolve("in"));
        byte[] png = framed(120, 80, 60, 40);
        Files.write(in.resolve("photo.heic"), dev.thumbd.resizer.fixture.HeifFiles.encode(png, "png", "-q", "80"));
        byte[] rgb = new byte[120 * 80 * 3];
        Files.write(in.resolve("scan.tiff"), dev.thumbd.resizer.fixture.TiffBytes.write(List.of(
                dev.thumbd.resizer.fixture.TiffBytes.Page.of(120, 80, 3, 2, false, rgb))));
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(120, 80,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        javax.imageio.ImageIO.write(image, "bmp", in.resolve("icon.bmp").toFile());
        Files.write(in.resolve("clip.gif"), dev.thumbd.resizer.fixture.GifBytes.animated(120, 80, 3, false));
        int code = run("resize", in.toString(), "--w", "60", "--fmt", "png", "--out", out.resolve("o").toString());
        assertThat(code).as(stderr()).isZero();
        for (String name : List.of("photo.png", "scan.png", "icon.png", "clip.png")) {
            Path made = out.resolve("o").resolve(name);
            assertThat(made).exists();
            assertThat(javax.imageio.ImageIO.read(made.toFile()).getHeight()).as(name).isEqualTo(40);
        }
    }

    @Test
    void trimCutsTheBorderOff() throws Exception {
        Path in = Files.write(out.resolve("page.png"), framed(200, 100, 80, 60));
        int code = run("resize", in.toString(), "--trim", "10", "--fmt", "png", "--out", out.resolve("o").toString());
        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).contains("80x60");
        code = run("resize", in.toString(), "--trim", "256", "--out", out.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("for trim but received '256'");
    }

    @Test
    void anAnimationStaysAnimatedOrGivesOneFrame() throws Exception {
        Path in = Files.write(out.resolve("clip.gif"), dev.thumbd.resizer.fixture.GifBytes.animated(64, 48, 4, false));
        int code = run("resize", in.toString(), "--w", "32", "--fmt", "webp", "--out", out.resolve("a").toString());
        assertThat(code).as(stderr()).isZero();
        var animation = dev.thumbd.resizer.fixture.AnimatedImages.readWebp(
                Files.readAllBytes(out.resolve("a").resolve("clip.webp")));
        assertThat(animation.frames()).hasSize(4);
        assertThat(animation.width()).isEqualTo(32);
        code = run("resize", in.toString(), "--w", "32", "--frame", "2", "--fmt", "webp", "--out",
                out.resolve("s").toString());
        assertThat(code).as(stderr()).isZero();
        byte[] still = Files.readAllBytes(out.resolve("s").resolve("clip.webp"));
        assertThat(still[20] & 0x02).as("no animation flag").isZero();
        code = run("resize", in.toString(), "--frame", "4", "--out", out.resolve("s").toString());
        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("frame");
    }

    @Test
    void placeholdersAsAnImageAndAsText() throws Exception {
        int code = run("resize", samples().resolve("landscape.jpg").toString(), "--fmt", "lqip", "--out",
                out.toString());
        assertThat(code).as(stderr()).isZero();
        java.awt.image.BufferedImage lqip = javax.imageio.ImageIO.read(out.resolve("landscape.png").toFile());
        assertThat(Math.max(lqip.getWidth(), lqip.getHeight())).isEqualTo(32);
        assertThat(run("resize", samples().resolve("landscape.jpg").toString(), "--fmt", "lqip", "--w", "100"))
                .isEqualTo(2);
        assertThat(stderr()).contains("no w with fmt=lqip");

        code = run("placeholder", samples().resolve("landscape.jpg").toString(), "--rotate", "90");
        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).containsPattern("landscape.jpg  thumbhash=[A-Za-z0-9+/=]{20,}  dominant=#[0-9a-f]{6}  "
                + "[0-9]+x100");
        assertThat(run("placeholder", samples().resolve("landscape.jpg").toString(), "--w", "100")).isEqualTo(2);
    }
}
