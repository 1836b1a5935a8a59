package dev.thumbd.resizer.colour;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ProfileDataException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.ImagingOpException;
import java.awt.image.Raster;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Parsed embedded profiles and their conversions to sRGB, cached by profile bytes.
 *
 * <p>Design note: parsing a profile and building its transform costs milliseconds, more than converting a
 * thumbnail's pixels; photos from one camera or phone model embed the same profile, so a handful of entries serve
 * nearly every request. The cache is a small LRU (at most {@value #CAPACITY} profiles and {@value #MAX_BYTES} bytes of
 * them: a profile is at most {@code ImageHeader.MAX_ICC_BYTES}, and the JDK keeps a copy of its own). A profile the
 * colour engine cannot link to sRGB (the bytes parse, the transform fails) is found out when it is made, by
 * converting one pixel, and is treated as no profile, the same way every time. A {@link ColorConvertOp}
 * keeps its transform between calls but is not documented as thread-safe, so calls on one profile are serialised;
 * the work under the lock is a thumbnail-sized conversion.
 */
final class Profiles {

    /** Most profiles kept. */
    static final int CAPACITY = 16;
    /** Most bytes of profiles kept (the key's copy; the JDK's parsed copy is about as large). */
    static final long MAX_BYTES = 4L << 20;

    private static final LinkedHashMap<Key, Optional<Conversion>> CACHE = new LinkedHashMap<>(CAPACITY, 0.75f, true);
    /** Bytes of the keys in {@link #CACHE}; guarded by it. */
    private static long bytes;

    private Profiles() {
    }

    /**
     * The conversion to sRGB for an embedded profile of colour space type {@code type} (e.g.
     * {@link ColorSpace#TYPE_RGB}), or empty when none is needed or possible: an sRGB profile, a profile of another
     * type, or bytes that are not a valid profile.
     */
    static Optional<Conversion> toSrgb(byte[] icc, int type) {
        Key key = new Key(icc, type);
        synchronized (CACHE) {
            Optional<Conversion> hit = CACHE.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Optional<Conversion> made = make(icc, type);
        synchronized (CACHE) {
            if (CACHE.put(key, made) == null) {
                bytes += icc.length;
            }
            var eldest = CACHE.entrySet().iterator();
            while ((CACHE.size() > CAPACITY || bytes > MAX_BYTES) && eldest.hasNext()) {
                bytes -= eldest.next().getKey().bytes().length;
                eldest.remove();
            }
        }
        return made;
    }

    private static Optional<Conversion> make(byte[] icc, int type) {
        try {
            ICC_Profile profile = ICC_Profile.getInstance(icc);
            if (profile.getColorSpaceType() != type || (type == ColorSpace.TYPE_RGB && IccConverter.isSrgb(profile))) {
                return Optional.empty();
            }
            ICC_ColorSpace space = new ICC_ColorSpace(profile);
            ColorConvertOp op = new ColorConvertOp(space, ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
            // the colour engine links the profiles on first use: a profile that parses but cannot be linked
            // ("Couldn't link the profiles") fails here, once, instead of in the middle of a render
            op.filter(Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 1, 1, space.getNumComponents(), null),
                    Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 1, 1, 3, null));
            return Optional.of(new Conversion(space, op));
        } catch (IllegalArgumentException | CMMException | ProfileDataException | ImagingOpException e) {
            return Optional.empty();
        }
    }

    /** A source colour space and its cached transform to sRGB. */
    record Conversion(ICC_ColorSpace space, ColorConvertOp op) {
        void filter(BufferedImage src, BufferedImage dst) {
            synchronized (op) {
                try {
                    op.filter(src, dst);
                } catch (CMMException | ProfileDataException | ImagingOpException e) {
                    throw new ProblemException(ProblemType.CORRUPT_IMAGE,
                            "The image's embedded ICC profile cannot be used.", e);
                }
            }
        }
    }

    private record Key(byte[] bytes, int type) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + type;
        }
    }
}
