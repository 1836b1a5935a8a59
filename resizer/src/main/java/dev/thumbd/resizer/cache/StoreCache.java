package dev.thumbd.resizer.cache;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.PutOptions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * L3: thumbnails stored as objects under a prefix of the object store ({@code <prefix>/<sourceId>/<variantId>}), so
 * every resizer replica sharing the store reuses work any of them did. Each object starts with one header line
 * ({@code thumbd-variant fmt=webp etag=... w=300 h=200}) followed by the encoded bytes, because the store port keeps
 * no user metadata. Objects are small and read whole.
 */
public final class StoreCache {

    static final String MEDIA_TYPE = "application/vnd.thumbd.variant";
    private static final Pattern HEADER = Pattern.compile(
            "thumbd-variant fmt=([a-z]+) etag=([A-Za-z0-9_-]{1,64}) w=([0-9]{1,5}) h=([0-9]{1,5})");
    private static final int MAX_HEADER = 256;

    private final ObjectStore store;
    private final String prefix;
    private final int maxObjectBytes;

    /**
     * @param store          where derivatives live (may be the originals' store)
     * @param prefix         key prefix, e.g. {@code _derivatives}; originals must not be stored under it
     * @param maxObjectBytes larger objects are ignored when read (a guard against a foreign object under the prefix)
     */
    public StoreCache(ObjectStore store, String prefix, int maxObjectBytes) {
        this.store = store;
        this.prefix = ObjectKey.checkPrefix(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        this.maxObjectBytes = maxObjectBytes;
    }

    public String prefix() {
        return prefix;
    }

    /** The variant, or empty when it is not stored (or not readable as a variant). */
    public Mono<Variant> get(VariantKey key) {
        return store.get(objectKey(key))
                .flatMap(o -> o.metadata().length() > maxObjectBytes
                        ? o.content().then(Mono.<byte[]>empty())
                        : collect(o.content(), (int) o.metadata().length()))
                .flatMap(bytes -> Mono.justOrEmpty(decode(bytes)))
                .onErrorResume(ObjectNotFoundException.class, e -> Mono.empty());
    }

    /** Stores a variant (replacing an older one). */
    public Mono<Void> put(VariantKey key, Variant v) {
        byte[] header = (headerLine(v) + "\n").getBytes(StandardCharsets.US_ASCII);
        Flux<ByteBuffer> body = Flux.just(ByteBuffer.wrap(header), ByteBuffer.wrap(v.data()));
        return store.put(objectKey(key), body,
                PutOptions.of(MEDIA_TYPE).withLength(header.length + (long) v.data().length)).then();
    }

    /** Deletes every stored variant of {@code source}. */
    public Mono<Long> purge(String source) {
        return store.list(prefix + "/" + VariantKey.sourceId(source) + "/")
                .concatMap(m -> store.delete(m.key()))
                .filter(Boolean::booleanValue)
                .count();
    }

    ObjectKey objectKey(VariantKey key) {
        return ObjectKey.parse(prefix + "/" + key.sourceId() + "/" + key.variantId());
    }

    static String headerLine(Variant v) {
        return "thumbd-variant fmt=" + v.format().token() + " etag=" + v.etag().substring(1, v.etag().length() - 1)
                + " w=" + v.width() + " h=" + v.height();
    }

    static java.util.Optional<Variant> decode(byte[] bytes) {
        int nl = -1;
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER); i++) {
            if (bytes[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            return java.util.Optional.empty();
        }
        Matcher m = HEADER.matcher(new String(bytes, 0, nl, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        int start = nl + 1;
        return ImageFormat.fromToken(m.group(1)).filter(ImageFormat::isOutput).map(f -> new Variant(
                java.util.Arrays.copyOfRange(bytes, start, bytes.length), f, '"' + m.group(2) + '"',
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    private static Mono<byte[]> collect(Flux<ByteBuffer> content, int length) {
        return content.collect(() -> new ByteArrayOutputStream(length), (out, buf) -> {
            byte[] chunk = new byte[buf.remaining()];
            buf.get(chunk);
            out.writeBytes(chunk);
        }).map(ByteArrayOutputStream::toByteArray);
    }
}
