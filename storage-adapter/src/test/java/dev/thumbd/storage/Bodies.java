package dev.thumbd.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import reactor.core.publisher.Flux;

/** Test bodies: seeded random bytes, split into chunks, and collected back. */
public final class Bodies {
    private Bodies() {
    }

    public static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code bytes} as a stream of chunks of at most {@code chunk} bytes, each its own buffer. */
    public static Flux<ByteBuffer> chunked(byte[] bytes, int chunk) {
        int count = (bytes.length + chunk - 1) / chunk;
        return Flux.range(0, count).map(i -> {
            int from = i * chunk;
            return ByteBuffer.wrap(bytes, from, Math.min(chunk, bytes.length - from)).slice();
        });
    }

    public static Flux<ByteBuffer> of(byte[] bytes) {
        return chunked(bytes, 8 * 1024);
    }

    public static byte[] collect(Flux<ByteBuffer> content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.doOnNext(b -> {
            byte[] chunk = new byte[b.remaining()];
            b.duplicate().get(chunk);
            out.writeBytes(chunk);
        }).blockLast(Duration.ofSeconds(60));
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    public static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
