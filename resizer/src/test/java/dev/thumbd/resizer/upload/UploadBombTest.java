package dev.thumbd.resizer.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.admission.PixelBudget;
import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.resizer.pipeline.PipelineSettings;
import dev.thumbd.resizer.pipeline.SharedDecodes;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.probe.Bombs;
import dev.thumbd.resizer.probe.ProbeLimits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Uploads that no thumbnail could be made of are refused (422) before the store publishes them. */
class UploadBombTest {

    private static final long MIB = 1 << 20;
    private static final ThumbnailPipeline PIPELINE = new ThumbnailPipeline(Codecs.detect(true),
            Resamplers.preferred(), PipelineSettings.defaults(), SharedDecodes.NONE,
            new PixelBudget(64 * MIB, 64 * MIB, Duration.ofSeconds(1), n -> { }));
    private static final UploadInspector INSPECTOR =
            new UploadInspector(ProbeLimits.defaults(), 64 * 1024, PIPELINE::requireRenderable);

    /** Streams {@code file} through the inspector; counts the bytes that reached the store. */
    private static ProblemException refused(byte[] file, AtomicInteger stored) {
        Flux<ByteBuffer> body = Flux.range(0, (file.length + 4095) / 4096)
                .map(i -> ByteBuffer.wrap(file, i * 4096, Math.min(4096, file.length - i * 4096)).slice());
        return catchThrowableOfType(ProblemException.class, () -> INSPECTOR.inspect(body).body()
                .doOnNext(b -> stored.addAndGet(b.remaining())).blockLast());
    }

    @Test
    void aGifWithAFrameLargerThanItsScreenIsRefusedBeforeAnyByteIsStored() {
        AtomicInteger stored = new AtomicInteger();
        ProblemException e = refused(Bombs.gif(1, 1, 30000, 30000), stored);
        assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        assertThat(e.type().status()).isEqualTo(422);
        assertThat(stored).hasValue(0);
    }

    @Test
    void aPngNoThumbnailCouldBeMadeOfWithinTheBudgetIsRefused() {
        // 7000 x 7000 RGBA is under the 50 MP limit, but PNG has no shrink-on-load: decoding it alone needs 196 MB
        AtomicInteger stored = new AtomicInteger();
        ProblemException e = refused(Bombs.pngOfZeros(7000, 7000), stored);
        assertThat(e.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE);
        assertThat(e.getMessage()).contains("thumbd.memory.pixel-budget");
        assertThat(stored).hasValue(0);
    }

    @Test
    void aLargeJpegIsAcceptedBecauseItShrinksOnLoad() {
        // the same 49 MP as a baseline JPEG decodes at 1/8 for a small thumbnail: renderable, so stored
        byte[] jpeg = Bombs.jpegHeader(7000, 7000, false);
        AtomicInteger stored = new AtomicInteger();
        Flux<ByteBuffer> body = Flux.just(ByteBuffer.wrap(jpeg));
        INSPECTOR.inspect(body).body().doOnNext(b -> stored.addAndGet(b.remaining())).blockLast();
        assertThat(stored).hasValue(jpeg.length);
    }
}
