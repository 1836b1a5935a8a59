package dev.thumbd.resizer.probe;

import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;

/**
 * The orientation tag of an EXIF (TIFF) block, read with metadata-extractor rather than a hand-written TIFF parser.
 * Anything missing, out of range or unreadable is orientation 1: a broken EXIF block never fails a thumbnail.
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    /** Orientation 1..8 from TIFF data starting at {@code offset} of {@code data}. */
    static int read(byte[] data, int offset) {
        try {
            Metadata metadata = new Metadata();
            new ExifReader().extract(new ByteArrayReader(data), metadata, offset);
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 == null || !ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return 1;
            }
            int o = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return o >= 1 && o <= 8 ? o : 1;
        } catch (MetadataException | RuntimeException e) {
            return 1;
        }
    }
}
