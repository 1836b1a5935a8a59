package dev.thumbd.resizer.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.jpeg.ImageIoJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.codec.png.ImageIoPngDecoder;
import dev.thumbd.resizer.codec.png.LibPngDecoder;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pooled buffers must never leak one request's pixels into another's output. The scratch is filled with a canary
 * pattern after a good decode (as if another image had been there), then truncated files are decoded with it: every
 * decoder must refuse them, and if one ever returned pixels, they must not contain the canary.
 */
class PooledBufferCanaryTest {

    private static final byte CANARY = (byte) 0xA5;

    @Test
    void truncatedJpegsNeverReturnCanaryBytes() {
        byte[] good = TestImages.bytes("photo-970x644.jpg");
        List<Decoder> decoders = List.of(new TurboJpegDecoder(NativeCodecs.turboJpeg()), new ImageIoJpegDecoder());
        sweep(decoders, good, new int[] {2, 4});
    }

    @Test
    void truncatedPngsNeverReturnCanaryBytes() {
        byte[] good = TestImages.bytes("rgba-576x384.png");
        List<Decoder> decoders = List.of(new LibPngDecoder(NativeCodecs.libPng()), new ImageIoPngDecoder());
        sweep(decoders, good, new int[] {1});
    }

    private static void sweep(List<Decoder> decoders, byte[] good, int[] shrinks) {
        for (Decoder decoder : decoders) {
            for (int shrink : shrinks) {
                try (Scratch scratch = new Scratch()) {
                    decoder.decode(good, shrink, scratch);
                    scratch.poison(CANARY);
                    for (int cut : new int[] {good.length / 5, good.length / 2, good.length * 9 / 10,
                            good.length - 2}) {
                        byte[] truncated = Arrays.copyOf(good, cut);
                        PixelBuffer out;
                        try {
                            out = decoder.decode(truncated, shrink, scratch);
                        } catch (ProblemException e) {
                            assertThat(e.type()).as(decoder.implementation() + " cut at " + cut)
                                    .isEqualTo(ProblemType.CORRUPT_IMAGE);
                            continue;
                        }
                        assertThat(longestCanaryRun(out)).as(decoder.implementation() + " cut at " + cut)
                                .isLessThan(16);
                    }
                }
            }
        }
    }

    @Test
    void strictDecodersRefuseTruncation() {
        byte[] jpeg = TestImages.bytes("photo-970x644.jpg");
        try (Scratch scratch = new Scratch()) {
            assertThatThrownBy(() -> new TurboJpegDecoder(NativeCodecs.turboJpeg())
                    .decode(Arrays.copyOf(jpeg, jpeg.length / 2), 1, scratch))
                    .isInstanceOf(ProblemException.class);
        }
    }

    private static int longestCanaryRun(PixelBuffer p) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < p.byteLength(); i++) {
            run = p.data()[i] == CANARY ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
