package dev.thumbd.resizer.colour;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed embedded profiles and their conversions to sRGB, cached by profile bytes.
 *
 * <p>Design note: parsing a profile and building its transform costs milliseconds, more than converting a
 * thumbnail's pixels; photos from one camera or phone model embed the same profile, so a handful of entries serve
 * nearly every request. The cache is a small LRU (at most {@value #CAPACITY} profiles). A {@link ColorConvertOp}
 * keeps its transform between calls but is not documented as thread-safe, so calls on one profile are serialised;
 * the work under the lock is a thumbnail-sized conversion.
 */
final class Profiles {

    /** Most profiles kept. */
    static final int CAPACITY = 16;

    private static final Map<Key, Optional<Conversion>> CACHE = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Optional<Conversion>> eldest) {
            return size() > CAPACITY;
        }
    };

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
            CACHE.put(key, made);
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
            return Optional.of(new Conversion(space,
                    new ColorConvertOp(space, ColorSpace.getInstance(ColorSpace.CS_sRGB), null)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A source colour space and its cached transform to sRGB. */
    record Conversion(ICC_ColorSpace space, ColorConvertOp op) {
        void filter(BufferedImage src, BufferedImage dst) {
            synchronized (op) {
                op.filter(src, dst);
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
