package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.PixelFormat;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.ImageFormat;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedDecodesTest {

    /** A decoder that counts its calls, can be held at a gate, and writes a pattern that depends on the shrink. */
    private static final class CountingDecoder implements Decoder {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        volatile boolean fail;

        @Override
        public ImageFormat format() {
            return ImageFormat.JPEG;
        }

        @Override
        public String implementation() {
            return "counting";
        }

        @Override
        public boolean isNative() {
            return false;
        }

        @Override
        public PixelBuffer decode(byte[] source, int shrink, Scratch scratch) {
            calls.incrementAndGet();
            entered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new ProblemException(ProblemType.CORRUPT_IMAGE, "broken");
            }
            int w = 40 / shrink;
            byte[] out = scratch.bytes(Scratch.Slot.DECODED, w * w * 3);
            for (int i = 0; i < w * w * 3; i++) {
                out[i] = (byte) (i * shrink + source[0]);
            }
            return new PixelBuffer(out, w, w, PixelFormat.RGB);
        }
    }

    private static byte[] pixels(PixelBuffer p) {
        return java.util.Arrays.copyOf(p.data(), p.byteLength());
    }

    @Test
    void concurrentJobsOnOneOriginalDecodeOnceAndGetEqualPixelsInTheirOwnMemory() throws Exception {
        SharedDecodes shared = new SharedDecodes(1 << 20, Duration.ofMinutes(1));
        CountingDecoder decoder = new CountingDecoder();
        byte[] source = {7, 1, 2};
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Scratch s1 = new Scratch(); Scratch s2 = new Scratch(); Scratch s3 = new Scratch()) {
            CompletableFuture<PixelBuffer> a = CompletableFuture.supplyAsync(
                    () -> shared.decode(source, 2, 2, 10_000, decoder, s1), pool);
            assertThat(decoder.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<PixelBuffer> b = CompletableFuture.supplyAsync(
                    () -> shared.decode(source, 2, 2, 10_000, decoder, s2), pool);
            CompletableFuture<PixelBuffer> c = CompletableFuture.supplyAsync(
                    () -> shared.decode(source, 2, 2, 10_000, decoder, s3), pool);
            decoder.gate.countDown();
            PixelBuffer pa = a.get(10, TimeUnit.SECONDS);
            PixelBuffer pb = b.get(10, TimeUnit.SECONDS);
            PixelBuffer pc = c.get(10, TimeUnit.SECONDS);
            assertThat(decoder.calls.get()).isEqualTo(1);
            assertThat(shared.joined()).isEqualTo(2);
            assertThat(pixels(pb)).isEqualTo(pixels(pa)).isEqualTo(pixels(pc));
            assertThat(pb.data()).isSameAs(s2.bytes(Scratch.Slot.DECODED, 1));   // in the joiner's own scratch
            // another shrink factor or another original (even with equal bytes) is another decode
            shared.decode(source, 4, 4, 10_000, decoder, s1);
            shared.decode(new byte[] {7, 1, 2}, 2, 2, 10_000, decoder, s1);
            assertThat(decoder.calls.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedDecodeFailsItsJoinersTheSameWayAndIsNotKept() throws Exception {
        SharedDecodes shared = new SharedDecodes(1 << 20, Duration.ofMinutes(1));
        CountingDecoder decoder = new CountingDecoder();
        decoder.fail = true;
        byte[] source = {1};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Scratch s1 = new Scratch(); Scratch s2 = new Scratch()) {
            CompletableFuture<PixelBuffer> a = CompletableFuture.supplyAsync(
                    () -> shared.decode(source, 1, 1, 10_000, decoder, s1), pool);
            assertThat(decoder.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<PixelBuffer> b = CompletableFuture.supplyAsync(
                    () -> shared.decode(source, 1, 1, 10_000, decoder, s2), pool);
            decoder.gate.countDown();
            for (CompletableFuture<PixelBuffer> f : java.util.List.of(a, b)) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProblemException.class);
            }
            decoder.fail = false;
            shared.decode(source, 1, 1, 10_000, decoder, s1);   // tried again, not served from the failure
            assertThat(decoder.calls.get()).isBetween(2, 3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeDecodesAndTheNoneInstanceAreNeverShared() throws Exception {
        CountingDecoder decoder = new CountingDecoder();
        decoder.gate.countDown();
        byte[] source = {3};
        try (Scratch s = new Scratch()) {
            SharedDecodes small = new SharedDecodes(4_000, Duration.ofMinutes(1));
            small.decode(source, 1, 1, 1_001, decoder, s);   // over a quarter of the budget
            small.decode(source, 1, 1, 1_001, decoder, s);
            SharedDecodes.NONE.decode(source, 1, 1, 10, decoder, s);
            SharedDecodes.NONE.decode(source, 1, 1, 10, decoder, s);
            assertThat(decoder.calls.get()).isEqualTo(4);
            assertThat(small.joined()).isZero();
        }
    }

    /**
     * A decoder without shrink-on-load (PNG, AVIF) returns the full size whatever factor the plan allows. Its decode
     * is priced and keyed at the full size, so a 4K picture asked for at a small width is never held for sharing
     * under a weight that is a fraction of its bytes; and a decode that comes out larger than its estimate is handed
     * to the jobs waiting for it but not kept.
     */
    @Test
    void aDecodeLargerThanItsEstimateIsNotKept() throws Exception {
        CountingDecoder decoder = new CountingDecoder();
        decoder.gate.countDown();
        byte[] source = {5};
        try (Scratch s = new Scratch()) {
            SharedDecodes shared = new SharedDecodes(1 << 20, Duration.ofMinutes(1));
            // the decoder shrinks by 2 and makes 20x20x3 = 1200 bytes; the caller claimed 100
            shared.decode(source, 2, 2, 100, decoder, s);
            shared.decode(source, 2, 2, 100, decoder, s);
            assertThat(decoder.calls.get()).as("not kept, so decoded again").isEqualTo(2);
            assertThat(shared.joined()).isZero();
            // priced right, the same decode is kept and joined
            shared.decode(source, 2, 2, 1200, decoder, s);
            shared.decode(source, 2, 2, 1200, decoder, s);
            assertThat(decoder.calls.get()).isEqualTo(3);
            assertThat(shared.joined()).isEqualTo(1);
        }
    }

    /**
     * Through the pipeline: a 1200x1200 RGBA PNG (5.8 MB decoded; PNG has no shrink-on-load) asked for at 100 px
     * wide, with 8 MB for shared decodes. The plan allows a shrink of 6, but the decode is full size, over a quarter
     * of the share, so it is never held for sharing: two renders in a row decode twice.
     */
    @Test
    void aFullSizeDecodeOfADecoderWithoutShrinkOnLoadIsNotHeld() {
        SharedDecodes shared = new SharedDecodes(8 << 20, Duration.ofMinutes(1));
        ThumbnailPipeline pipeline = new ThumbnailPipeline(dev.thumbd.resizer.codec.Codecs.detect(true),
                dev.thumbd.resizer.kernel.Resamplers.preferred(), PipelineSettings.defaults(), shared,
                MemoryGate.UNLIMITED);
        byte[] png = Photos.encoded(ImageFormat.PNG, 1200, 1200, true, 42);
        dev.thumbd.spec.ThumbnailSpec spec = dev.thumbd.spec.ThumbnailSpec.parse(
                dev.thumbd.spec.QueryString.decode("src=x&w=100&fmt=png"));
        try (Scratch s = new Scratch()) {
            pipeline.run(png, spec, FormatChooser.NO_NEGOTIATION, s);
            pipeline.run(png, spec, FormatChooser.NO_NEGOTIATION, s);
        }
        assertThat(shared.decodes()).isEqualTo(2);
        assertThat(shared.joined()).isZero();
    }
}
