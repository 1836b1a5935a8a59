package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.ThumbnailSpec;
import org.jspecify.annotations.Nullable;

/**
 * The state of one thumbnail as it moves through the steps (imgproxy calls this the processing context). Each
 * field is set by exactly one step, named in its comment; later steps only read it.
 */
final class Job {
    /** The encoded source, as given. */
    final byte[] source;
    /** What was asked for. */
    final ThumbnailSpec spec;
    /** Resolves {@code fmt=auto} once the header is known. */
    final FormatChooser chooser;
    /** Working memory of the calling worker. */
    final Scratch scratch;

    /** Given when the render was probed (and admitted) before it reached the worker; else null. */
    final @Nullable Probed probed;
    /** The overlay ({@code wm}) when the spec has one: decoded or its stored bytes; else null. */
    final dev.thumbd.resizer.overlay.@Nullable OverlayInput overlay;

    /** Set by probe: the source header. */
    @Nullable ImageHeader header;
    /** Set by probe: the concrete output format. */
    @Nullable ImageFormat outputFormat;
    /** Set by probe: the geometry. */
    @Nullable Plan plan;
    /** Set by probe: how the source's frames become the output. */
    Probed.Frames frames = Probed.Frames.STILL;
    /** Set by overlay on the first frame: the overlay at its size, ready to blend, and where it goes. */
    dev.thumbd.resizer.transform.@Nullable OverlayPlane overlayPlane;
    int overlayX;
    int overlayY;
    /** Set by frame on the first frame of a smart crop: the crop every later frame of an animation keeps. */
    dev.thumbd.resizer.image.@Nullable Region smartCrop;
    /** Set by the animation: how many frames the output holds. */
    int outputFrames = 1;
    /** Set by probe: the pixel memory admitted for this render, given back when it ends. */
    MemoryGate.@Nullable Permit permit;
    /** Set by decode: whether a shrunk decode left a partial edge block (see {@code Decoder#shrinksByBlocks}). */
    boolean blockShrunk = true;
    /** Set by crop: the extent, in pixels, the current pixels span (a shrunk decode's partial block is less). */
    double extentWidth;
    /** Set by crop: as {@link #extentWidth}, vertically. */
    double extentHeight;
    /** Replaced by every pixel step: the current pixels. */
    @Nullable PixelBuffer image;
    /** Set by encode: the output file. */
    byte @Nullable [] encoded;

    Job(byte[] source, ThumbnailSpec spec, FormatChooser chooser, Scratch scratch, @Nullable Probed probed) {
        this(source, spec, chooser, scratch, probed, null);
    }

    Job(byte[] source, ThumbnailSpec spec, FormatChooser chooser, Scratch scratch, @Nullable Probed probed,
            dev.thumbd.resizer.overlay.@Nullable OverlayInput overlay) {
        this.overlay = overlay;
        this.probed = probed;
        this.source = source;
        this.spec = spec;
        this.chooser = chooser;
        this.scratch = scratch;
    }

    ImageHeader header() {
        return require(header, "header");
    }

    ImageFormat outputFormat() {
        return require(outputFormat, "output format");
    }

    Plan plan() {
        return require(plan, "plan");
    }

    PixelBuffer image() {
        return require(image, "image");
    }

    private static <T> T require(@Nullable T value, String what) {
        if (value == null) {
            throw new IllegalStateException(what + " is not known yet: pipeline steps out of order");
        }
        return value;
    }
}
