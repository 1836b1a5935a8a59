package dev.thumbd.gateway.filter;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one reader of the headers in which proxies name the clients they forward for: {@code Forwarded} (RFC 7239,
 * the {@code for} parameter of each element) or {@code X-Forwarded-For} (comma-separated nodes). It turns every
 * element into a {@link Hop}, left (the first proxy's client) to right (the last proxy's), and never fails:
 * what it cannot read becomes {@link Hop.Unreadable}, so a hostile header can only make the hop chain shorter, never
 * make a request fail or name a client it did not come from. Whether a hop is believed is for {@link ClientAddress}.
 *
 * <p>Nodes read: IPv4 ({@code 192.0.2.43}, with a port {@code 192.0.2.43:47011}), IPv6 bare
 * ({@code 2001:db8::1}, common in {@code X-Forwarded-For}) or in brackets with or without a port
 * ({@code [2001:db8::1]:4711}), quoted or not; obfuscated identifiers ({@code _hidden}, RFC 7239 section 6.3) and
 * {@code unknown}. Not read: names, zones, IPv4 in other than four decimal octets, ports out of range.
 */
public final class ForwardedHops {

    /** The headers a deployment can choose to believe (only one: a proxy appends to one of them). */
    public enum Source {
        FORWARDED("Forwarded"), X_FORWARDED_FOR("X-Forwarded-For");

        private final String header;

        Source(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }

        /** {@code forwarded} or {@code x-forwarded-for}, as configured. */
        public static Source of(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "forwarded" -> FORWARDED;
                case "x-forwarded-for" -> X_FORWARDED_FOR;
                default -> throw new IllegalArgumentException(
                        "thumbd.gateway.forwarded-header is forwarded or x-forwarded-for, not '" + name + "'");
            };
        }
    }

    /** One element of the chain. */
    public sealed interface Hop {
        /** An IP address (its port, if any, dropped). */
        record Address(InetAddress address) implements Hop {
        }

        /** An obfuscated identifier a proxy gave its client instead of its address ({@code _abc}). */
        record Obfuscated(String id) implements Hop {
        }

        /** {@code unknown}, a missing {@code for}, or anything that is not a node. */
        record Unreadable() implements Hop {
        }
    }

    private static final Hop UNREADABLE = new Hop.Unreadable();
    /** Longest obfuscated identifier kept (RFC 7239 sets none; a key into the limiter's buckets should be short). */
    private static final int MAX_OBFUSCATED = 64;

    private ForwardedHops() {
    }

    /** The hops of the header values (several header lines read as one list, in order). */
    public static List<Hop> parse(Source source, List<String> values) {
        List<Hop> hops = new ArrayList<>();
        for (String v : values) {
            if (source == Source.FORWARDED) {
                forwarded(v, hops);
            } else {
                forwardedFor(v, hops);
            }
        }
        return hops;
    }

    private static void forwardedFor(String value, List<Hop> hops) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                String node = value.substring(start, i).strip();
                if (!node.isEmpty()) {   // empty list elements are ignored (RFC 9110 section 5.6.1)
                    hops.add(node(node));
                }
                start = i + 1;
            }
        }
    }

    /**
     * {@code Forwarded: for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"}: elements split by
     * commas outside quoted strings, pairs by semicolons, values tokens or quoted strings (with backslash escapes).
     * Elements are split from the right: the rightmost ones are the trusted proxies', and a client's unbalanced quote
     * further left must not change how they read. An element that does not parse, has no {@code for} or more than
     * one, is one unreadable hop; empty elements are ignored.
     */
    private static void forwarded(String value, List<Hop> hops) {
        List<Hop> reversed = new ArrayList<>();
        int end = value.length();
        boolean quoted = false;
        for (int i = value.length() - 1; i >= -1; i--) {
            char c = i < 0 ? ',' : value.charAt(i);
            if (c == '"' && !escaped(value, i)) {
                quoted = !quoted;
            } else if (c == ',' && (!quoted || i < 0)) {
                String element = value.substring(i + 1, end).strip();
                if (!element.isEmpty()) {
                    reversed.add(element(element));
                }
                end = i;
                quoted = false;
            }
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            hops.add(reversed.get(i));
        }
    }

    /** Whether the character at {@code i} follows an odd number of backslashes. */
    private static boolean escaped(String value, int i) {
        int n = 0;
        for (int j = i - 1; j >= 0 && value.charAt(j) == '\\'; j--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** One element's pairs: its {@code for} node, or unreadable. */
    private static Hop element(String e) {
        int n = e.length();
        int i = 0;
        String forValue = null;
        int fors = 0;
        while (i < n) {
            i = skipSpace(e, i);
            if (i < n && e.charAt(i) == ';') {
                i++;
                continue;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && isTokenChar(e.charAt(i))) {
                i++;
            }
            String name = e.substring(nameStart, i);
            i = skipSpace(e, i);
            if (name.isEmpty() || i >= n || e.charAt(i) != '=') {
                return UNREADABLE;
            }
            i = skipSpace(e, i + 1);
            StringBuilder v = new StringBuilder();
            if (i < n && e.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = e.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(e.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) {
                    return UNREADABLE;
                }
            } else {
                int valueStart = i;
                while (i < n && isTokenChar(e.charAt(i))) {
                    i++;
                }
                v.append(e, valueStart, i);
            }
            if (name.equalsIgnoreCase("for")) {
                fors++;
                forValue = v.toString();
            }
            i = skipSpace(e, i);
            if (i < n && e.charAt(i) != ';') {
                return UNREADABLE;
            }
        }
        return fors == 1 ? node(forValue) : UNREADABLE;
    }

    private static int skipSpace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0 || c == ':' || c == '[' || c == ']';
    }

    /** One node: an address with or without port, an obfuscated identifier, or unreadable. */
    static Hop node(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return UNREADABLE;
        }
        if (text.charAt(0) == '_') {
            return obfuscated(text) ? new Hop.Obfuscated(text) : UNREADABLE;
        }
        String host;
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || !port(text, close + 1)) {
                return UNREADABLE;
            }
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) {
                return UNREADABLE;   // brackets are for IPv6
            }
        } else {
            int first = text.indexOf(':');
            if (first >= 0 && first == text.lastIndexOf(':')) {
                if (!port(text, first)) {
                    return UNREADABLE;
                }
                host = text.substring(0, first);
                if (host.indexOf('.') < 0) {
                    return UNREADABLE;   // one colon: IPv4 and a port, nothing else
                }
            } else {
                host = text;
            }
        }
        InetAddress a = IpLiteral.parse(host);
        return a == null ? UNREADABLE : new Hop.Address(a);
    }

    /** Whether {@code text} from {@code at} is empty, or {@code :} and a port (1-65535) or an obfuscated port. */
    private static boolean port(String text, int at) {
        if (at == text.length()) {
            return true;
        }
        if (text.charAt(at) != ':' || at + 1 == text.length()) {
            return false;
        }
        String p = text.substring(at + 1);
        if (p.charAt(0) == '_') {
            return obfuscated(p);
        }
        if (p.length() > 5) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                return false;
            }
        }
        int port = Integer.parseInt(p);
        return port >= 1 && port <= 65535;
    }

    /** RFC 7239 obfnode: {@code "_" 1*(ALPHA / DIGIT / "." / "_" / "-")}, here at most 64 characters. */
    private static boolean obfuscated(String s) {
        if (s.length() < 2 || s.length() > MAX_OBFUSCATED) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
