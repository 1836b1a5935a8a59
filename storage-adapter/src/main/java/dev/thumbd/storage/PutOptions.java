package dev.thumbd.storage;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to store an upload.
 *
 * @param contentType media type to record, e.g. {@code image/webp}
 * @param length      the declared length in bytes, or {@value #UNKNOWN_LENGTH} if unknown; a body of another length
 *                    is refused with {@link ChecksumMismatchException}
 * @param sha256      expected SHA-256 of the body in hex, or null
 * @param md5         expected MD5 of the body in hex, or null (S3 also receives it as {@code Content-MD5})
 * @param condition   the write precondition
 */
public record PutOptions(String contentType, long length, @Nullable String sha256, @Nullable String md5,
                         WriteCondition condition) {
    /** {@link #length} when the length is not declared. */
    public static final long UNKNOWN_LENGTH = -1;

    /** {@code type/subtype} with optional parameters, no control characters (RFC 9110 section 8.3). */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;[\\x20-\\x7e]*)?");

    public PutOptions {
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            throw new IllegalArgumentException("not a media type: " + contentType);
        }
        if (length < UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length < -1");
        }
        sha256 = hex(sha256, 64);
        md5 = hex(md5, 32);
        Objects.requireNonNull(condition);
    }

    /** Unconditional, no declared length or checksum. */
    public static PutOptions of(String contentType) {
        return new PutOptions(contentType, UNKNOWN_LENGTH, null, null, WriteCondition.NONE);
    }

    public PutOptions withLength(long declaredLength) {
        return new PutOptions(contentType, declaredLength, sha256, md5, condition);
    }

    public PutOptions withSha256(String hex) {
        return new PutOptions(contentType, length, hex, md5, condition);
    }

    public PutOptions withMd5(String hex) {
        return new PutOptions(contentType, length, sha256, hex, condition);
    }

    public PutOptions withCondition(WriteCondition newCondition) {
        return new PutOptions(contentType, length, sha256, md5, newCondition);
    }

    /** Whether {@link #length} is declared. */
    public boolean hasLength() {
        return length != UNKNOWN_LENGTH;
    }

    private static @Nullable String hex(@Nullable String value, int digits) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.length() != digits || !lower.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException("expected " + digits + " hex digits: " + value);
        }
        return lower;
    }
}
