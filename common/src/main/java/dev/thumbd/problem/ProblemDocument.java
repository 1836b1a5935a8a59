package dev.thumbd.problem;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param type     the problem type
 * @param detail   what was wrong with this request, in its terms
 * @param instance the request path, or null
 */
public record ProblemDocument(ProblemType type, String detail, @Nullable String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public byte[] toJson() {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"type\":");
        string(b, type.uri().toString());
        b.append(",\"title\":");
        string(b, type.title());
        b.append(",\"status\":").append(type.status());
        b.append(",\"detail\":");
        string(b, detail);
        if (instance != null) {
            b.append(",\"instance\":");
            string(b, instance);
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code s} as a JSON string (RFC 8259 section 7). */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
