package dev.thumbd.storage;

/** The precondition of a write, as in HTTP conditional requests (RFC 9110 section 13.1). */
public sealed interface WriteCondition {

    /** Always write (last writer wins). */
    WriteCondition NONE = new Unconditional();

    /** Write only if no object exists under the key ({@code If-None-Match: *}). */
    WriteCondition CREATE_ONLY = new IfNoneMatch();

    /** Write only if the current object's ETag equals {@code etag} ({@code If-Match}). */
    static WriteCondition ifMatch(String etag) {
        return new IfMatch(etag);
    }

    /** See {@link #NONE}. */
    record Unconditional() implements WriteCondition {
    }

    /** See {@link #CREATE_ONLY}. */
    record IfNoneMatch() implements WriteCondition {
    }

    /**
     * See {@link #ifMatch}. The ETag is kept in its quoted HTTP form; an unquoted value is quoted.
     *
     * @param etag a strong entity tag, quoted or not
     */
    record IfMatch(String etag) implements WriteCondition {
        public IfMatch {
            String inner = etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                    ? etag.substring(1, etag.length() - 1) : etag;
            if (inner.isEmpty() || inner.chars().anyMatch(c -> c < 0x21 || c == '"' || c >= 0x7f)) {
                throw new IllegalArgumentException("not a strong entity tag: " + etag);
            }
            etag = '"' + inner + '"';
        }
    }
}
