package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.AnimationDecoder;
import dev.thumbd.resizer.codec.Decoder;
import dev.thumbd.resizer.kernel.BoxShrink;
import dev.thumbd.resizer.kernel.Kernel;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The memory one render draws, from the header and the plan alone, before any pixel exists: every buffer of every
 * step, heap and native, as the steps allocate them (see {@code docs/ARCHITECTURE.md}, "Memory model").
 *
 * <p>Design note. A render's buffers live in its worker's {@link dev.thumbd.resizer.image.Scratch}, one slot per
 * step. Working buffers (kernel planes, staging, the encoder's input and output, native codec memory) keep their slot
 * until the render ends. The image itself moves from step to step (decoded, shrunk, resized, oriented, framed): an
 * image buffer larger than {@link #LET_GO_IMAGE_BYTES} is let go when the next step's image replaces it (the pipeline
 * drops it from its slot, so the collector can take it back), smaller ones stay in their slot for the next render.
 * The peak is therefore the largest sum of what is alive at once, walking the steps in order: the decode and the
 * resize output side by side, then the resized image and its oriented copy, and so on. Each term follows the code
 * that allocates it: the decoder's output at the factor it really shrinks by (TurboJPEG offers 1/2, 1/4, 1/8; libwebp
 * any factor; PNG, GIF and AVIF none), the decoder's own working memory (a progressive JPEG's coefficients at full
 * size, AVIF's YUV planes and AV1 reference frames, a GIF frame as ImageIO rasterises it), the box shrink, the
 * resize kernel's float planes (banded: a few megabytes whatever the size), the orient, colour and frame outputs,
 * the filters' float planes, and the encoder's input copies, its native working memory and its output. A slot grows
 * by up to an eighth more than asked ({@code Scratch#grow}); every scratch term carries that. Native memory is
 * counted as held to the end. The estimate is meant to be an upper bound: {@code RenderCostTest} fails when a render
 * draws more than it says.
 *
 * @param heapBytes     the most Java heap the render holds at once: the source, its buffers, a fixed overhead
 * @param nativeBytes   native memory it holds (codec memory and native copies, not the Java heap)
 * @param heapAllocated all the heap it allocates, what it lets go included (at least {@code heapBytes}): every term,
 *                      which {@code RenderCostTest} holds against the JVM's count of what the render allocates
 */
public record RenderCost(long heapBytes, long nativeBytes, long heapAllocated) {

    /** A render that holds {@code heapBytes} at once and allocates nothing more. */
    public RenderCost(long heapBytes, long nativeBytes) {
        this(heapBytes, nativeBytes, heapBytes);
    }

    /** Fixed overhead of a render: small objects, row buffers, weights, codec structures. */
    static final long OVERHEAD = 1L << 20;
    /** Image buffers larger than this are let go when the next step's image replaces them. */
    public static final long LET_GO_IMAGE_BYTES = 4L << 20;
    /** Scratch slots grow by up to an eighth over the size asked for. */
    private static final double SLOT_GROWTH = 1.125;

    /** Everything the render holds at its peak, heap and native. */
    public long peakBytes() {
        return heapBytes + nativeBytes;
    }

    /**
     * The cost of rendering {@code plan} from a source with header {@code h}.
     *
     * @param sourceLength encoded bytes of the source
     * @param decoder      the decoder that will run (its shrink-on-load, native or not)
     * @param nativeEncode whether the encoder of {@code out} is a native library
     */
    public static RenderCost of(ImageHeader h, Plan plan, ThumbnailSpec spec, ImageFormat out, long sourceLength,
            Decoder decoder, boolean nativeEncode, Kernel kernel) {
        return of(h, plan, spec, out, sourceLength, decoder, nativeEncode, kernel, null, false);
    }

    /**
     * The cost of a render whose source is read frame by frame by {@code frames} (an animation kept, or
     * {@code frame=N}), or by {@code decoder} when {@code frames} is null. An animation is streamed: the decoder's
     * canvas, one frame through the steps at a time, and the animation encoder's state plus the growing output; the
     * per-frame buffers are reused from frame to frame, so the peak is that of one frame plus what accumulates.
     *
     * @param frames      the decoder of every frame, or null for the still decoder's first frame
     * @param animatedOut whether every frame goes into an animated output (else one frame is encoded as a still)
     */
    public static RenderCost of(ImageHeader h, Plan plan, ThumbnailSpec spec, ImageFormat out, long sourceLength,
            Decoder decoder, boolean nativeEncode, Kernel kernel, @Nullable AnimationDecoder frames,
            boolean animatedOut) {
        Builder b = new Builder();
        // the source array itself, and its native copy for a native decoder
        b.add(OVERHEAD + sourceLength);
        boolean nativeDecode = frames != null ? frames.isNative() : decoder.isNative();
        b.nativeBytes += nativeDecode ? sourceLength : 0;

        // decode
        boolean animatedWebp = h.format() == ImageFormat.WEBP && h.animated();
        int shrink = animatedWebp || frames != null ? 1 : Math.max(1, decoder.loadShrink(plan.shrinkOnLoad()));
        long dw = ceilDiv(h.width(), shrink);
        long dh = ceilDiv(h.height(), shrink);
        int c = frames != null ? 4 : decodedChannels(h);
        long decoded = dw * dh * c;
        b.image(decoded);                      // Slot.DECODED (heap)
        if (frames != null) {
            animationDecoderWork(h, frames, b);
        } else {
            if (decoder.isNative()) {
                b.nativeSlot(decoded);         // Slot.DECODE_NATIVE
            }
            long work = decoderWork(h, decoder, dw);
            if (decoder.isNative()) {
                b.nativeBytes(work);
            } else {
                b.add(work);
            }
        }

        b.endStep();

        // crop: the request's rectangle of the decoded pixels (Slot.CROPPED)
        SourceEdit edit = plan.edit();
        if (edit.crops()) {
            dw = CropSource.Span.most(edit.region().width(), shrink, dw);
            dh = CropSource.Span.most(edit.region().height(), shrink, dh);
            b.image(dw * dh * c);
            b.endStep();
        }

        // trim: what is inside the border, at most the whole (Slot.TRIMMED); the decode is at full size for it
        if (spec.trim() > 0) {
            b.image(dw * dh * c);
            b.endStep();
        }

        // resize, on the decoded pixels in their stored orientation
        int rw = edit.transposed() ? plan.resizeHeight() : plan.resizeWidth();
        int rh = edit.transposed() ? plan.resizeWidth() : plan.resizeHeight();
        if (dw != rw || dh != rh) {
            int fx = BoxShrink.factor(dw, rw, kernel);
            int fy = BoxShrink.factor(dh, rh, kernel);
            long inW = dw;
            long inH = dh;
            if (fx > 1 || fy > 1) {
                inW = ceilDiv(dw, fx);
                inH = ceilDiv(dh, fy);
                b.image(inW * inH * c);        // Slot.SHRUNK
                b.slot(4 * dw * c);            // box sums (Slot.KERNEL_OFFSETS)
            }
            long band = Math.max(1, (1L << 20) / (inW * c));
            long rows = Math.min(band, rh);
            b.slot(4 * Math.max(rows * inW * c, rw * rows * c));   // Slot.KERNEL_PLANE
            b.slot(4 * inW * rows * c);                            // Slot.KERNEL_PLANE_2
            b.slot(4 * (rows + rw) * (taps(inH, rh) + taps(inW, rw) + 2));  // weights, offsets
            b.image((long) rw * rh * c);       // Slot.RESIZED
        }
        long resized = (long) plan.resizeWidth() * plan.resizeHeight();

        b.endStep();

        // orient, colour: on the resized image
        if (edit.orientation() != 1) {
            b.image(resized * c);              // Slot.ORIENTED
        }
        b.endStep();
        if (h.cmyk() || h.iccProfile() != null) {
            // CMYK -> RGB or ICC -> sRGB, in place: a band at a time the staging planes (Slot.ENCODE_INPUT,
            // Slot.FINISHED or the library's output row) and the colour library's line buffers
            long band = Math.min(resized, dev.thumbd.resizer.colour.IccConverter.BAND_PIXELS);
            b.slot(band * (4 + 3));
            b.add(band * 2);
        }

        b.endStep();

        // frame: crop / pad / flatten onto the canvas (a copy only when one of them is needed)
        long canvas = (long) plan.canvasWidth() * plan.canvasHeight();
        boolean alphaOut = out != ImageFormat.JPEG && (h.alpha() || plan.pads() && !spec.background().opaque());
        int oc = alphaOut ? 4 : 3;
        if (plan.pads() || plan.crops() || (h.alpha() && out == ImageFormat.JPEG) || h.format() == ImageFormat.GIF
                || h.format() == ImageFormat.TIFF || h.format() == ImageFormat.BMP) {
            b.image(canvas * Math.max(oc, c));  // Slot.FINISHED
        }
        if (plan.smartCrop()) {
            b.add(8L * plan.resizeWidth());
        }

        b.endStep();

        // filters: whole-image float planes of the canvas
        if (spec.blur() > 0 || spec.sharpen() > 0) {
            long n = canvas * oc;
            int filters = (spec.blur() > 0 ? 1 : 0) + (spec.sharpen() > 0 ? 1 : 0);
            double sigma = Math.max(spec.blur(), spec.sharpen());
            long t = 2L * (long) Math.ceil(3 * sigma) + 1;
            b.slot(n);                         // Slot.PREMULTIPLIED
            b.slot(4 * n * 2);                 // Slot.KERNEL_PLANE, KERNEL_PLANE_2
            b.slot(n * (filters + 1));         // Slot.FILTERED (+ FINISHED copy for sharpen)
            b.slot(8 * (plan.canvasWidth() + plan.canvasHeight()) * (t + 1));
        }

        // encode: the layout copy, the native input, the encoder's own memory and its output
        long raw = canvas * oc;
        if (animatedOut) {
            // WebPAnimEncoder: its copy of each picture, its previous canvases and sub-frame candidates, and every
            // encoded frame until the file is assembled (lossy: taken as at most a byte a pixel), then the
            // assembled file (native) and its heap copy
            long encoded = (long) h.frames() * (canvas + 1024);
            b.nativeSlot(raw);                 // Slot.ENCODE_NATIVE_IN
            b.nativeBytes(canvas * ANIMATION_ENCODER_BYTES_PER_PIXEL + 2 * encoded);
            b.add(encoded);                    // the output array
            return new RenderCost(b.heapPeak, b.nativeBytes, b.heapAllocated * h.frames());
        }
        if (h.grey()) {
            // Slot.ENCODE_INPUT: grey widened to RGB(A) for WebP and AVIF, or the grey plane of TurboJPEG
            b.slot(raw);
        }
        long output = raw + (64L << 10);                     // the encoded file, at worst about raw size
        b.add(output);                         // the output array
        if (nativeEncode) {
            b.nativeSlot(raw);                 // Slot.ENCODE_NATIVE_IN
            b.nativeSlot(output);              // Slot.ENCODE_NATIVE_OUT or the library's buffer
            b.nativeBytes(encoderWork(out, canvas));
        } else {
            b.add(canvas * 8 + output);        // ImageIO: a BufferedImage and its stream
        }
        return new RenderCost(b.heapPeak, b.nativeBytes, b.heapAllocated);
    }

    /**
     * This cost with an overlay laid over the output ({@code wm}), counted as held from the start to the end (the
     * overlay step runs last, beside the finished image): when the overlay is not decoded yet, its stored bytes, their
     * native copy and its decode at full size (the decoder's output, the RGBA copy kept, ImageIO's raster and its copy
     * at worst); then the overlay resized to {@code fit} (the kernel's planes at full overlay height, the result, its
     * copy), the two planes blended from ({@link dev.thumbd.resizer.transform.OverlayPlane}) and the output copied to
     * be blended over (RGBA at most).
     *
     * @param overlayPixels  the overlay's own pixels (from its header)
     * @param encodedLength  its stored bytes when the render decodes it, else 0 (already decoded)
     * @param fit            the size it is laid over at
     * @param canvasPixels   the output canvas
     */
    RenderCost withOverlay(long overlayPixels, long encodedLength, OverlayFit fit, long canvasPixels) {
        long heap = 0;
        long nat = 0;
        if (encodedLength > 0) {
            heap += encodedLength + overlayPixels * 4 * 4 + overlayPixels * 8 * 2;
            nat += encodedLength + overlayPixels * 4;
        }
        long scaled = fit.pixels() * 4;
        long kernelRows = Math.max(overlayPixels, fit.pixels());
        heap += (long) Math.ceil((4 * kernelRows * 4 * 2 + scaled * 2) * SLOT_GROWTH);   // planes, result, its copy
        heap += scaled / 4 * 4 * 2;                                                   // colour and cover planes
        heap += (long) Math.ceil(canvasPixels * 4 * SLOT_GROWTH);                   // Slot.OVERLAID
        return new RenderCost(heapBytes + heap, nativeBytes + nat, heapAllocated + heap);
    }

    /** What WebPAnimEncoder keeps per canvas pixel: three canvases, four candidate pictures, their encoding. */
    static final long ANIMATION_ENCODER_BYTES_PER_PIXEL = 48;

    /** The frame-by-frame decoder's own memory beyond the RGBA frame it hands out. */
    private static void animationDecoderWork(ImageHeader h, AnimationDecoder frames,
            Builder b) {
        long canvas = h.pixels();
        if (frames.isNative()) {
            // WebPAnimDecoder: its canvas and the previous one (RGBA), one frame's YUV or ARGB
            b.nativeBytes(canvas * 4 * 2 + h.framePixels() * 4);
        } else {
            // GIF: the ABGR canvas, its saved copy (restoreToPrevious), one frame's raster and the reader's rows
            b.add(canvas * 4 * 2 + h.framePixels() * 2 + 64L * 1024);
        }
    }

    /**
     * Channels the decoder produces: RGBA for alpha, GIF (palette to RGBA), CMYK, TIFF and BMP (whose pages may hold an
     * extra sample the header does not call alpha), else RGB (grey counted so).
     */
    private static int decodedChannels(ImageHeader h) {
        return h.alpha() || h.cmyk() || h.format() == ImageFormat.GIF || h.format() == ImageFormat.BMP
                || h.format() == ImageFormat.TIFF ? 4 : 3;
    }

    /** The decoder's own working memory beyond its output. */
    private static long decoderWork(ImageHeader h, Decoder decoder, long dw) {
        long full = h.pixels();
        long frame = h.framePixels();
        long work = 0;
        switch (h.format()) {
            case JPEG -> {
                if (h.progressive()) {
                    work += full * (h.cmyk() ? 4 : 3) * 2;   // 16-bit DCT coefficients of the whole image
                }
                if (!decoder.isNative()) {
                    work += full * 4 * 2;                    // ImageIO raster at full size, and its colour copy
                }
            }
            case PNG -> work += decoder.isNative() ? 0 : full * 8 * 2;   // ImageIO raster (16-bit: 8 B/px), copy
            case WEBP -> {
                work += full * 2;                            // YUV planes (lossy) or ARGB rows (lossless)
                if (h.animated()) {
                    work += full * 4 * 2;                    // the animation canvas and the previous frame
                }
                if (!decoder.isNative()) {
                    work += full * 4;
                }
            }
            case AVIF -> {
                long sample = h.bitDepth() > 8 ? 2 : 1;
                work += frame * 3 * sample * 2;              // YUV 4:4:4 at worst: the picture and a reference
            }
            case GIF -> work += frame + 4 * full + 4 * 4 * dw; // indexed frame raster, screen canvas, row ints
            case HEIC -> {
                long sample = h.bitDepth() > 8 ? 2 : 1;
                work += frame * 3 * sample * 2;              // YUV 4:4:4 at worst: the picture (or tile) and a reference
                work += full * sample * 2;                   // the alpha plane and its conversion
                work += full * 4 * 2;                        // libheif's RGB(A) image (and 16-bit staging of HDR),
                work += full * 4;                            // and its copy when it crops, rotates or mirrors
            }
            case TIFF -> work += full * 8 * 2 + frame * 8;   // ImageIO raster (16-bit: 8 B/px), its copy, a strip
            case BMP -> work += full * 4 * 2;                // ImageIO raster (packed ints or bytes), its copy
        }
        return work;
    }

    /** Native working memory of the encoder of {@code format} for a canvas of {@code pixels}. */
    private static long encoderWork(ImageFormat format, long pixels) {
        return switch (format) {
            case AVIF -> pixels * 24;                        // YUV planes, AV1 reference and lookahead frames
            case WEBP -> pixels * 8;                         // YUV planes, ARGB, token buffers
            case JPEG -> pixels * 2;                         // planar YCbCr rows
            default -> pixels * 2;                           // zlib windows, filtered rows
        };
    }

    private static long taps(long in, long out) {
        return Math.min(in, 2L * (long) Math.ceil(3.0 * Math.max(1.0, (double) in / Math.max(1, out))) + 2);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f MiB (heap %.1f, native %.1f)", peakBytes() / 1048576.0,
                heapBytes() / 1048576.0, nativeBytes / 1048576.0);
    }

    /**
     * Walks the steps' allocations in order. Working buffers and transient arrays stay alive to the end. An image
     * buffer stays alive through the step that reads it; when that step ends, its input image and the intermediate
     * images it made are let go if larger than {@link #LET_GO_IMAGE_BYTES} (the pipeline drops them from their
     * slots then), and its last image is the next step's input.
     */
    private static final class Builder {
        long heapLive;
        long heapPeak;
        long heapAllocated;
        long nativeBytes;
        /** The current image: its bytes, and the fewest bytes its array may have (to decide whether it goes). */
        long input;
        long inputLeast;
        final java.util.List<long[]> made = new java.util.ArrayList<>();

        void add(long bytes) {
            heapAllocated += bytes;
            heapLive += bytes;
            heapPeak = Math.max(heapPeak, heapLive);
        }

        void slot(long bytes) {
            add((long) Math.ceil(bytes * SLOT_GROWTH));
        }

        /** An image the current step makes (alive beside its input until the step ends). */
        void image(long bytes) {
            long b = (long) Math.ceil(bytes * SLOT_GROWTH);
            add(b);
            made.add(new long[] {b, bytes});
        }

        /** The step ended: its input and intermediate images larger than the threshold go. */
        void endStep() {
            if (made.isEmpty()) {
                return;
            }
            letGo(input, inputLeast);
            for (int i = 0; i < made.size() - 1; i++) {
                letGo(made.get(i)[0], made.get(i)[1]);
            }
            long[] last = made.getLast();
            input = last[0];
            inputLeast = last[1];
            made.clear();
        }

        private void letGo(long bytes, long least) {
            if (least > LET_GO_IMAGE_BYTES) {
                heapLive -= bytes;
            }
        }

        void nativeSlot(long bytes) {
            nativeBytes += (long) Math.ceil(bytes * SLOT_GROWTH);
        }

        void nativeBytes(long bytes) {
            nativeBytes += bytes;
        }
    }
}
