package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thumbd.resizer.fixture.HeifFiles;
import dev.thumbd.resizer.fixture.PngBytes;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code imir} axis of AVIF and HEIC, on real files made here: ISO/IEC 23008-12:2022 6.5.12 reads "0 indicates
 * that the top and bottom parts of the image are exchanged; 1 specifies that the left and right parts are exchanged"
 * (so libavif's {@code avifImageMirror}, {@code avifenc --imir} "0=top-to-bottom, 1=left-to-right", and libheif).
 * AVIF files come from {@code avifenc --irot/--imir}; HEIC files from {@code heif-enc} with the boxes added. A swapped
 * axis turns the picture upside down where it should be mirrored sideways, and these fail.
 */
class MirrorAxisTest {

    private static final int R = 0xff0000;
    private static final int G = 0x00ff00;
    private static final int B = 0x0000ff;
    private static final int Y = 0xffff00;

    @TempDir
    Path dir;

    private final ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();

    @ParameterizedTest(name = "{0} irot {1} imir {2}")
    @CsvSource(delimiter = '|', value = {
        // format | irot | imir | w x h     | top left | top right | bottom left | bottom right
        "avif     | 0    | -1   | 200 | 100 | ff0000 | 00ff00 | 0000ff | ffff00",
        "avif     | 0    | 0    | 200 | 100 | 0000ff | ffff00 | ff0000 | 00ff00",
        "avif     | 0    | 1    | 200 | 100 | 00ff00 | ff0000 | ffff00 | 0000ff",
        "avif     | 1    | 0    | 100 | 200 | ff0000 | 0000ff | 00ff00 | ffff00",
        "avif     | 1    | 1    | 100 | 200 | ffff00 | 00ff00 | 0000ff | ff0000",
        "heic     | 0    | 0    | 200 | 100 | 0000ff | ffff00 | ff0000 | 00ff00",
        "heic     | 0    | 1    | 200 | 100 | 00ff00 | ff0000 | ffff00 | 0000ff",
        "heic     | 1    | 0    | 100 | 200 | ff0000 | 0000ff | 00ff00 | ffff00",
        "heic     | 1    | 1    | 100 | 200 | ffff00 | 00ff00 | 0000ff | ff0000",
    })
    void theMirrorAxisIsTheOneTheSpecificationNames(String format, int irot, int imir, int w, int h, String topLeft,
            String topRight, String bottomLeft, String bottomRight) throws Exception {
        byte[] png = PngBytes.encode(SourceEditPixelsTest.quadrants(400, 200));   // R G over B Y
        byte[] file = format.equals("avif") ? avifenc(png, irot, imir)
                : HeifFiles.withTransforms(HeifFiles.encode(png, "png", "-q", "90"), irot, imir);
        Thumbnail t = pipeline.run(file, ThumbnailSpec.parse(QueryString.decode("src=x&fmt=png&w=" + w)),
                FormatChooser.NO_NEGOTIATION, new Scratch());
        assertThat(t.width()).isEqualTo(w);
        assertThat(t.height()).isEqualTo(h);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.data()));
        assertThat(hex(nearest(img.getRGB(w / 4, h / 4)))).as("top left").isEqualTo(topLeft);
        assertThat(hex(nearest(img.getRGB(3 * w / 4, h / 4)))).as("top right").isEqualTo(topRight);
        assertThat(hex(nearest(img.getRGB(w / 4, 3 * h / 4)))).as("bottom left").isEqualTo(bottomLeft);
        assertThat(hex(nearest(img.getRGB(3 * w / 4, 3 * h / 4)))).as("bottom right").isEqualTo(bottomRight);
    }

    /** {@code avifenc -s 8 --min 10 --max 10 [--irot a] [--imir m] in.png out.avif}. */
    private byte[] avifenc(byte[] png, int irot, int imir) throws IOException, InterruptedException {
        Path in = Files.write(dir.resolve("in.png"), png);
        Path out = dir.resolve("out.avif");
        List<String> command = new ArrayList<>(List.of("avifenc", "-s", "8", "--min", "10", "--max", "10"));
        if (irot > 0) {
            command.addAll(List.of("--irot", Integer.toString(irot)));
        }
        if (imir >= 0) {
            command.addAll(List.of("--imir", Integer.toString(imir)));
        }
        command.addAll(List.of(in.toString(), out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
        return Files.readAllBytes(out);
    }

    private static String hex(int rgb) {
        return String.format("%06x", rgb);
    }

    private static int nearest(int argb) {
        int best = 0;
        int bestD = Integer.MAX_VALUE;
        for (int c : new int[] {R, G, B, Y}) {
            int d = 0;
            for (int s = 0; s <= 16; s += 8) {
                int diff = (c >> s & 0xff) - (argb >> s & 0xff);
                d += diff * diff;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }
}
