package dev.thumbd.resizer.image;

import java.util.Objects;

/**
 * An 8-bit interleaved image, rows tightly packed ({@code stride == width * channels}), top row first.
 *
 * <p>The array usually comes from a {@link Scratch} slot and may be longer than the image: only the first
 * {@link #byteLength()} bytes belong to it. A buffer is a view, valid until its slot is handed out again.
 * Pixels with alpha are straight (not premultiplied) unless the step that made them says otherwise.
 *
 * @param data   pixel bytes, at least {@code width * height * channels} long
 * @param width  columns, at least 1
 * @param height rows, at least 1
 * @param format channel layout
 */
public record PixelBuffer(byte[] data, int width, int height, PixelFormat format) {

    public PixelBuffer {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(format, "format");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, was " + width + "x" + height);
        }
        long need = (long) width * height * format.channels();
        if (need > data.length) {
            throw new IllegalArgumentException(
                    "buffer of " + data.length + " bytes cannot hold " + width + "x" + height + " " + format);
        }
    }

    /** Bytes per pixel. */
    public int channels() {
        return format.channels();
    }

    /** Bytes per row. */
    public int stride() {
        return width * format.channels();
    }

    /** Bytes of the image proper: {@code width * height * channels}. */
    public int byteLength() {
        return width * height * format.channels();
    }

    /** Number of pixels. */
    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return "PixelBuffer[" + width + "x" + height + " " + format + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
