package dev.thumbd.resizer.probe;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;

/**
 * Bounds-checked reads from an encoded header. Every read past the end is a truncated or inconsistent file, so it
 * becomes {@code CORRUPT_IMAGE} naming the format, never an index exception.
 */
final class HeaderBytes {

    private final byte[] data;
    private final String format;

    HeaderBytes(byte[] data, String format) {
        this.data = data;
        this.format = format;
    }

    int length() {
        return data.length;
    }

    byte[] data() {
        return data;
    }

    void require(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > data.length) {
            throw corrupt("the " + format + " header is truncated or inconsistent");
        }
    }

    int u8(long at) {
        require(at, 1);
        return data[(int) at] & 0xFF;
    }

    int u16be(long at) {
        require(at, 2);
        int i = (int) at;
        return (data[i] & 0xFF) << 8 | (data[i + 1] & 0xFF);
    }

    int u16le(long at) {
        require(at, 2);
        int i = (int) at;
        return (data[i + 1] & 0xFF) << 8 | (data[i] & 0xFF);
    }

    int u24be(long at) {
        require(at, 3);
        int i = (int) at;
        return (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
    }

    int u24le(long at) {
        require(at, 3);
        int i = (int) at;
        return (data[i + 2] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i] & 0xFF);
    }

    long u32be(long at) {
        require(at, 4);
        int i = (int) at;
        return ((long) (data[i] & 0xFF) << 24) | (data[i + 1] & 0xFF) << 16 | (data[i + 2] & 0xFF) << 8
                | (data[i + 3] & 0xFF);
    }

    long u32le(long at) {
        require(at, 4);
        int i = (int) at;
        return ((long) (data[i + 3] & 0xFF) << 24) | (data[i + 2] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8
                | (data[i] & 0xFF);
    }

    long u64be(long at) {
        long hi = u32be(at);
        long lo = u32be(at + 4);
        if (hi > Integer.MAX_VALUE) {
            throw corrupt("the " + format + " header declares an impossible size");
        }
        return hi << 32 | lo;
    }

    /** Whether the bytes at {@code at} are the ASCII text {@code s} (false if out of range). */
    boolean matches(long at, String s) {
        if (at < 0 || at + s.length() > data.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (data[(int) at + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String ascii(long at, int count) {
        require(at, count);
        return new String(data, (int) at, count, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    byte[] copy(long at, long count) {
        require(at, count);
        return java.util.Arrays.copyOfRange(data, (int) at, (int) (at + count));
    }

    ProblemException corrupt(String detail) {
        return new ProblemException(ProblemType.CORRUPT_IMAGE, detail);
    }
}
