package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.transform.Orientation;
import dev.thumbd.spec.Crop;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.ThumbnailSpec;

/**
 * What a request does to the original before it is fitted to the box: the rectangle it keeps ({@code crop}, given
 * in upright pixels, held here in the pixels as stored and decoded) and the one orientation applied after the
 * resize, the EXIF orientation followed by the request's {@code rotate} and {@code flop}. Pure arithmetic on the
 * header: the plan is made on {@link #width()} x {@link #height()}, the size the edited original is displayed at.
 *
 * @param region       the kept rectangle in stored (not yet oriented) source pixels
 * @param orientation  1..8: EXIF orientation then the request's turn, applied to the resized image
 * @param storedWidth  the source's stored width
 * @param storedHeight the source's stored height
 */
public record SourceEdit(Region region, int orientation, int storedWidth, int storedHeight) {

    /** The whole of a {@code width x height} source that needs no orientation. */
    public static SourceEdit whole(int width, int height) {
        return new SourceEdit(new Region(0, 0, width, height), 1, width, height);
    }

    /**
     * The edit of {@code spec} on a source with header {@code h}.
     *
     * @throws InvalidParameterException (400) when the crop rectangle does not lie inside the upright image
     */
    public static SourceEdit of(ImageHeader h, ThumbnailSpec spec) {
        int exif = h.orientation();
        int uw = h.orientedWidth();
        int uh = h.orientedHeight();
        Crop c = spec.crop();
        Region stored = new Region(0, 0, h.width(), h.height());
        if (!c.none()) {
            if (c.right() > uw || c.bottom() > uh) {
                throw new InvalidParameterException(ParameterName.CROP,
                        "a rectangle inside the " + uw + "x" + uh + " image",
                        c.x() + "," + c.y() + "," + c.width() + "," + c.height());
            }
            Region upright = new Region(c.x(), c.y(), c.width(), c.height());
            stored = Orientation.map(Orientation.inverse(exif), uw, uh, upright);
        }
        int turned = Orientation.compose(exif, Orientation.ofTurn(spec.rotate(), spec.flop()));
        return new SourceEdit(stored, turned, h.width(), h.height());
    }

    /** Whether the orientation swaps width and height. */
    public boolean transposed() {
        return Orientation.transposes(orientation);
    }

    /** Width of the edited source as displayed (cropped, oriented, turned): what the plan fits to the box. */
    public int width() {
        return transposed() ? region.height() : region.width();
    }

    /** Height of the edited source as displayed. */
    public int height() {
        return transposed() ? region.width() : region.height();
    }

    /** Whether only part of the source is kept. */
    public boolean crops() {
        return !region.covers(storedWidth, storedHeight);
    }
}
