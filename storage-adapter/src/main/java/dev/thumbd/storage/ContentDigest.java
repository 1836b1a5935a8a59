package dev.thumbd.storage;

import dev.thumbd.key.ObjectKey;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Length, SHA-256 and (when asked) MD5 of a byte stream as it passes, so that stores verify uploads and reads in
 * one pass. Not thread-safe: feed it from one sequential stream.
 */
public final class ContentDigest {
    private final MessageDigest sha256 = digest("SHA-256");
    private final @Nullable MessageDigest md5;
    private long length;
    private @Nullable String sha256Hex;

    private ContentDigest(boolean withMd5) {
        this.md5 = withMd5 ? digest("MD5") : null;
    }

    /** A digest that computes what {@code options} asks to verify (SHA-256 always, MD5 if declared). */
    public static ContentDigest forUpload(PutOptions options) {
        return new ContentDigest(options.md5() != null);
    }

    /** A digest of length and SHA-256 only. */
    public static ContentDigest sha256Only() {
        return new ContentDigest(false);
    }

    /** Adds the remaining bytes of {@code buffer} without moving its position. */
    public void update(ByteBuffer buffer) {
        length += buffer.remaining();
        sha256.update(buffer.duplicate());
        if (md5 != null) {
            md5.update(buffer.duplicate());
        }
    }

    public long length() {
        return length;
    }

    /** Lowercase hex SHA-256 of everything added; ends the digest. */
    public String sha256() {
        if (sha256Hex == null) {
            sha256Hex = HexFormat.of().formatHex(sha256.digest());
        }
        return sha256Hex;
    }

    /**
     * Throws if the stream so far is already longer than declared; call on every buffer so that an oversized upload
     * fails early.
     */
    public void checkRunningLength(ObjectKey key, PutOptions options) {
        if (options.hasLength() && length > options.length()) {
            throw ChecksumMismatchException.upload(key, "length " + options.length());
        }
    }

    /** Verifies the complete upload against the declared length and checksums; ends the digest. */
    public void verify(ObjectKey key, PutOptions options) {
        if (options.hasLength() && length != options.length()) {
            throw ChecksumMismatchException.upload(key, "length " + options.length());
        }
        if (options.md5() != null && md5 != null
                && !HexFormat.of().formatHex(md5.digest()).equals(options.md5())) {
            throw ChecksumMismatchException.upload(key, "MD5");
        }
        if (options.sha256() != null && !sha256().equals(options.sha256())) {
            throw ChecksumMismatchException.upload(key, "SHA-256");
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
