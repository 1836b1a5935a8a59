package dev.thumbd.resizer.service;

import dev.thumbd.resizer.negotiation.FormatBucket;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thumbnail to render.
 *
 * @param spec           the parsed request
 * @param fingerprintHex {@code spec.fingerprint().hex()}, computed once by the caller that parsed the spec
 * @param bucket         the client's {@code Accept} reduced to a bucket (used only when {@code fmt=auto})
 * @param overlayVersion the version of the overlay ({@code wm}) the thumbnail is made with, once bound
 *                       ({@link #withOverlayVersion}); null without an overlay or before
 */
public record RenderRequest(ThumbnailSpec spec, String fingerprintHex, FormatBucket bucket,
        @Nullable String overlayVersion) {
    public RenderRequest {
        Objects.requireNonNull(spec);
        Objects.requireNonNull(fingerprintHex);
        Objects.requireNonNull(bucket);
    }

    public RenderRequest(ThumbnailSpec spec, String fingerprintHex, FormatBucket bucket) {
        this(spec, fingerprintHex, bucket, null);
    }

    /**
     * This request bound to the version of its overlay: the fingerprint it is cached under (every level, the variant
     * id, so the ETag) becomes SHA-256 of the spec's fingerprint and that version, so a thumbnail made with one version
     * of an overlay is never served for another.
     */
    public RenderRequest withOverlayVersion(String version) {
        if (overlayVersion != null) {
            throw new IllegalStateException("the overlay version is bound already");
        }
        return new RenderRequest(spec, sha256(fingerprintHex + "/wm/" + version), bucket, version);
    }

    /** Whether the spec names an overlay whose version is not bound yet. */
    public boolean needsOverlayVersion() {
        return spec.overlays() && overlayVersion == null;
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public RenderRequest(ThumbnailSpec spec, FormatBucket bucket) {
        this(spec, spec.fingerprint().hex(), bucket);
    }

    /** Whether the output format depends on {@code Accept} (then responses carry {@code Vary: Accept}). */
    public boolean negotiated() {
        return spec.format() == OutputFormat.AUTO;
    }

    /** The format part of the cache key: the explicit format, or {@code auto-<bucket>}. */
    public String formatChoice() {
        return negotiated() ? bucket.autoToken() : spec.format().token();
    }
}
