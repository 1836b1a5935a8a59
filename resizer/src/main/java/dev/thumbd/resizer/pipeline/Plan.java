package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.Region;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.Gravity;

/**
 * The geometry of one thumbnail, computed from the spec and the source size before any pixel is decoded.
 *
 * <p>Everything is in displayed (oriented) pixels of the edited source: {@code edit} says which rectangle of the
 * original is kept ({@code crop}) and how it is turned (EXIF orientation, {@code rotate}, {@code flop}), and
 * {@code sourceWidth x sourceHeight} is that rectangle as displayed. The source is resized as a whole to {@code resizeWidth x
 * resizeHeight}; then {@code crop} is cut out of that ({@link Fit#COVER}), and the result is placed on a canvas of
 * {@code canvasWidth x canvasHeight} at {@code (offsetX, offsetY)}, padding with the background ({@link Fit#CONTAIN}).
 * For the other fits, crop covers the whole resized image and the canvas is the crop.
 *
 * @param sourceWidth     width of the edited source as displayed ({@link SourceEdit#width()})
 * @param sourceHeight    height of the edited source as displayed
 * @param shrinkOnLoad    the largest integer factor a decoder may shrink by while decoding, leaving at least
 *                        {@link Planner#minReduceFactor()} for the kernel
 * @param resizeWidth     size of the whole resized image
 * @param resizeHeight    size of the whole resized image
 * @param crop            the part of the resized image that is kept
 * @param smartCrop       whether the crop position is to be chosen from the pixels ({@link Gravity#SMART}); the
 *                        crop size is fixed, its position then moves
 * @param canvasWidth     final output width
 * @param canvasHeight    final output height
 * @param offsetX         where the crop sits on the canvas
 * @param offsetY         where the crop sits on the canvas
 * @param edit            the rectangle of the original kept and the orientation applied after the resize
 */
public record Plan(
        int sourceWidth,
        int sourceHeight,
        int shrinkOnLoad,
        int resizeWidth,
        int resizeHeight,
        Region crop,
        boolean smartCrop,
        int canvasWidth,
        int canvasHeight,
        int offsetX,
        int offsetY,
        SourceEdit edit) {

    /** Whether the resize step changes the size at all. */
    public boolean resizes() {
        return resizeWidth != sourceWidth || resizeHeight != sourceHeight;
    }

    /** Whether a crop is needed after the resize. */
    public boolean crops() {
        return !crop.covers(resizeWidth, resizeHeight);
    }

    /** Whether the image is padded onto a larger canvas. */
    public boolean pads() {
        return canvasWidth != crop.width() || canvasHeight != crop.height();
    }
}
