package dev.thumbd.resizer.upload;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.probe.HeaderProbe;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.probe.ProbeLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Passes an upload through while checking it, holding at most {@code headBytes} in memory: the first
 * {@code headBytes} are buffered and probed ({@link HeaderProbe}: magic bytes, dimensions, frames and every frame's
 * size against the limits; then whether the smallest thumbnail of it would fit the pixel budget), then released
 * downstream; the rest streams through uncopied. A body that is not an image, or declares
 * dimensions over the limits, or exceeds {@code maxBytes}, ends with a problem error before the store can publish it
 * (stores publish only on completion).
 *
 * <p>A header that looks truncated only because the probe saw a prefix of a larger body is not refused here; the
 * decoder reports such damage at resize time.
 */
public final class UploadInspector {

    private final ProbeLimits limits;
    private final int headBytes;
    private final Renderable renderable;

    public UploadInspector(ProbeLimits limits, int headBytes) {
        this(limits, headBytes, (header, length) -> { });
    }

    /**
     * @param renderable refuses (throws a problem) an original that no thumbnail could be made of on this server,
     *                   from its header and length: the render's memory checked before the file is stored
     */
    public UploadInspector(ProbeLimits limits, int headBytes, Renderable renderable) {
        this.limits = limits;
        this.headBytes = headBytes;
        this.renderable = renderable;
    }

    /** Whether an original can be rendered at all, from its header ({@code ThumbnailPipeline#requireRenderable}). */
    @FunctionalInterface
    public interface Renderable {
        /** @throws ProblemException when it cannot */
        void require(ImageHeader header, long sourceLength);
    }

    /** A checked upload: subscribe to {@link #body()} once; {@link #header()} is set once the head was probed. */
    public Inspection inspect(Flux<ByteBuffer> body) {
        return new Inspection(body);
    }

    /** One upload being checked. */
    public final class Inspection {
        private final Flux<ByteBuffer> body;
        private final List<ByteBuffer> head = new ArrayList<>();
        private long headLength;
        private long total;
        private boolean probed;
        private @Nullable ImageHeader header;

        private Inspection(Flux<ByteBuffer> source) {
            this.body = source.concatMap(this::offer).concatWith(Flux.defer(this::finish));
        }

        public Flux<ByteBuffer> body() {
            return body;
        }

        /** The probed header, or null if the head was not conclusive (or the body has not been read yet). */
        public @Nullable ImageHeader header() {
            return header;
        }

        /** Bytes seen so far. */
        public long length() {
            return total;
        }

        private Flux<ByteBuffer> offer(ByteBuffer buf) {
            total += buf.remaining();
            if (total > limits.maxSourceBytes()) {
                return Flux.error(new ProblemException(ProblemType.SOURCE_TOO_LARGE,
                        "The upload exceeds " + limits.maxSourceBytes() + " bytes."));
            }
            if (probed) {
                return Flux.just(buf);
            }
            head.add(buf);
            headLength += buf.remaining();
            if (headLength < headBytes) {
                return Flux.empty();
            }
            probe(false);
            return releaseHead();
        }

        private Flux<ByteBuffer> finish() {
            if (probed) {
                return Flux.empty();
            }
            if (headLength == 0) {
                return Flux.error(new ProblemException(ProblemType.UNSUPPORTED_FORMAT, "The upload is empty."));
            }
            probe(true);
            return releaseHead();
        }

        private void probe(boolean whole) {
            byte[] bytes = new byte[(int) headLength];
            int at = 0;
            for (ByteBuffer b : head) {
                b.duplicate().get(bytes, at, b.remaining());
                at += b.remaining();
            }
            try {
                header = HeaderProbe.probe(bytes, limits);
                renderable.require(header, Math.max(total, bytes.length));
            } catch (ProblemException e) {
                if (whole || e.type() != ProblemType.CORRUPT_IMAGE) {
                    throw e;
                }
            }
            probed = true;
        }

        private Flux<ByteBuffer> releaseHead() {
            List<ByteBuffer> out = List.copyOf(head);
            head.clear();
            return Flux.fromIterable(out);
        }
    }
}
