package dev.thumbd.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a plain socket, as an attacker writes it: no client library normalises the request
 * target, encodes it, or refuses a spelling. Reads one answer (up to its Content-Length, or to the end of the
 * connection).
 */
final class RawHttp {

    /** One parsed answer. {@code status} is -1 when the connection ended before any answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** {@code METHOD target HTTP/1.1} with {@code headers} (name, value, ...) and no body. */
    static Answer request(int port, String method, String target, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        b.append("\r\n");
        try (Socket s = open(port)) {
            s.getOutputStream().write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream(), method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(60_000);
        return s;
    }

    /** Writes {@code bytes} to {@code out}, ignoring a connection the server already closed. */
    static boolean write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Reads one answer; a HEAD answer has no body whatever its Content-Length says. */
    static Answer read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int state = 0;
        int c;
        try {
            while (state < 4 && (c = in.read()) >= 0) {
                headBytes.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                        ? state + 1 : c == '\r' ? 1 : 0;
            }
        } catch (IOException reset) {
            if (headBytes.size() == 0) {
                return new Answer(-1, Map.of(), "");
            }
            throw reset;
        }
        if (headBytes.size() == 0) {
            return new Answer(-1, Map.of(), "");
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String body = "";
        String length = headers.get("content-length");
        if (!head && length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        } else if (!head && !"chunked".equals(headers.get("transfer-encoding")) && status != 304 && status != 204) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(status, headers, body);
    }
}
