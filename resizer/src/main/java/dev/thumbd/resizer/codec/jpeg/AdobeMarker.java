package dev.thumbd.resizer.codec.jpeg;

/**
 * Finds Adobe's APP14 marker in a JPEG, which tells how to read four-channel (CMYK or YCCK) samples.
 *
 * <p>Design note: Photoshop, and most software since, writes CMYK JPEGs with every sample inverted (255 = no ink)
 * and marks them with an APP14 segment whose payload starts with {@code "Adobe"} (Adobe Technical Note 5116,
 * "Supporting the DCT Filters in PostScript Level 2", section 18). libjpeg-turbo hands those samples back as stored
 * (TurboJPEG's {@code TJPF_CMYK} output is inverted for such files), so decoders invert them when this marker is
 * present to give the normal convention (0 = no ink). A four-channel JPEG without the marker is taken as stored
 * in the normal convention, as libjpeg does.
 */
final class AdobeMarker {

    private static final int MARKER_PREFIX = 0xFF;
    private static final int SOI = 0xD8;
    private static final int APP14 = 0xEE;
    private static final int SOS = 0xDA;
    private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};

    private AdobeMarker() {
    }

    /** Whether an APP14 "Adobe" segment appears before the first scan. Never throws on malformed data. */
    static boolean present(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != MARKER_PREFIX || (jpeg[1] & 0xFF) != SOI) {
            return false;
        }
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != MARKER_PREFIX) {
                return false;
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == MARKER_PREFIX) {
                pos++;
                continue;
            }
            if (marker == SOS) {
                return false;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            if (length < 2) {
                return false;
            }
            if (marker == APP14 && length >= 2 + ADOBE.length && startsWithAdobe(jpeg, pos + 4)) {
                return true;
            }
            pos += 2 + length;
        }
        return false;
    }

    private static boolean startsWithAdobe(byte[] jpeg, int from) {
        if (from + ADOBE.length > jpeg.length) {
            return false;
        }
        for (int i = 0; i < ADOBE.length; i++) {
            if (jpeg[from + i] != ADOBE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Inverts {@code length} bytes in place: {@code v -> 255 - v}. */
    static void invert(byte[] samples, int length) {
        for (int i = 0; i < length; i++) {
            samples[i] = (byte) ~samples[i];
        }
    }
}
