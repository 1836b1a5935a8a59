package dev.thumbd.resizer.http;

import dev.thumbd.key.ObjectKey;
import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.jobs.JobIntake;
import dev.thumbd.resizer.jobs.VariantSet;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.resizer.upload.UploadInspector;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.QueryString;
import dev.thumbd.storage.ObjectMetadata;
import dev.thumbd.storage.ObjectNotFoundException;
import dev.thumbd.storage.ObjectStore;
import dev.thumbd.storage.PutOptions;
import dev.thumbd.storage.WriteCondition;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code PUT} and {@code DELETE /v1/images/{key}}: originals, behind {@link WriteAuthorization}.
 *
 * <p>{@code PUT} streams the body to the store (only the first bytes are held, for the probe), stores it atomically
 * under the probed format's media type, and then purges every derivative of the key from all cache levels.
 * Preconditions: {@code If-None-Match: *} creates only (412 if the key exists), {@code If-Match: "etag"} overwrites
 * only that version. Integrity: {@code Content-Length} is checked, and so are {@code Content-MD5} (base64, RFC 1864)
 * and {@code Content-Digest: sha-256=:base64:} (RFC 9530) when sent; a mismatch is a 400 and nothing is stored.
 * Answers 201 with the stored object's metadata (200 when it replaced one).
 */
public final class ImageHandler {

    /**
     * On an upload's or delete's answer: the {@code Surrogate-Key} of every thumbnail (and cached 404) of the
     * original, to purge from a CDN (docs/CDN.md#purge).
     */
    static final String PURGE_KEY = "Surrogate-Key";

    static final String PATH_PREFIX = "/v1/images/";
    /** The upload's completion notification URL (Cloudinary's name), with {@code eager=}. */
    static final String NOTIFICATION_URL = "notification_url";
    private static final Pattern SHA256_DIGEST = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/=]+):");

    private final ObjectStore store;
    private final ThumbnailService service;
    private final UploadInspector inspector;
    private final WriteAuthorization authorization;
    private final String reservedPrefix;

    /**
     * @param reservedPrefix key prefix the derivative cache uses (refused for originals), or empty
     */
    private final IntSupplier degradation;

    private final long maxUploadBytes;
    private final @Nullable JobIntake jobs;

    /**
     * @param degradation    the degradation level in force: from 3 on, uploads are shed
     * @param maxUploadBytes largest body accepted: a larger declared {@code Content-Length} is a 413 before any byte
     *                       is read, a longer body a 413 once the limit is crossed
     */
    public ImageHandler(ObjectStore store, ThumbnailService service, UploadInspector inspector,
            WriteAuthorization authorization, String reservedPrefix, IntSupplier degradation, long maxUploadBytes) {
        this(store, service, inspector, authorization, reservedPrefix, degradation, maxUploadBytes, null);
    }

    /**
     * @param jobs where {@code ?eager=<variant set>} (or the set configured for the key's prefix) is queued once the
     *             upload is stored; null: uploads queue nothing and {@code eager} is refused
     */
    public ImageHandler(ObjectStore store, ThumbnailService service, UploadInspector inspector,
            WriteAuthorization authorization, String reservedPrefix, IntSupplier degradation, long maxUploadBytes,
            @Nullable JobIntake jobs) {
        this.jobs = jobs;
        this.maxUploadBytes = maxUploadBytes;
        this.degradation = degradation;
        this.store = store;
        this.service = service;
        this.inspector = inspector;
        this.authorization = authorization;
        this.reservedPrefix = reservedPrefix;
    }

    public Mono<ServerResponse> put(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        SideWork.check(degradation);
        ObjectKey key = key(request);
        // the eager set is checked before a byte of the body is read
        List<String> eagerParam = QueryString.decode(request.uri().getRawQuery() == null ? ""
                : request.uri().getRawQuery()).get("eager");
        if (eagerParam != null && jobs == null) {
            throw new InvalidParameterException("eager", "no eager parameter (background renders are off)",
                    String.join(",", eagerParam));
        }
        Optional<VariantSet> eager = jobs == null ? Optional.empty() : jobs.eagerSet(key.value(), eagerParam);
        // so is a notification URL: the prefix at once, the addresses before the body is subscribed to
        List<String> notifyParam = QueryString.decode(request.uri().getRawQuery() == null ? ""
                : request.uri().getRawQuery()).get(NOTIFICATION_URL);
        if (notifyParam != null && (eager.isEmpty() || notifyParam.size() != 1)) {
            throw new InvalidParameterException(NOTIFICATION_URL, "one notification URL, with an eager set",
                    String.join(",", notifyParam));
        }
        Mono<Optional<String>> notify = notifyParam == null || jobs == null ? Mono.just(Optional.empty())
                : jobs.notification(NOTIFICATION_URL, notifyParam.getFirst());
        HttpHeaders h = request.headers().asHttpHeaders();
        long declared = h.getContentLength();
        if (declared > maxUploadBytes) {
            throw new ProblemException(ProblemType.SOURCE_TOO_LARGE,
                    "The upload declares " + declared + " bytes; the limit is " + maxUploadBytes + ".");
        }
        PutOptions options = PutOptions.of(MediaType.APPLICATION_OCTET_STREAM_VALUE).withCondition(condition(h));
        if (declared >= 0) {
            options = options.withLength(declared);
        }
        String md5 = h.getFirst("Content-MD5");
        if (md5 != null) {
            options = options.withMd5(hex(md5, 16, "Content-MD5"));
        }
        String digest = h.getFirst("Content-Digest");
        if (digest != null) {
            Matcher m = SHA256_DIGEST.matcher(digest);
            if (m.find()) {
                options = options.withSha256(hex(m.group(1), 32, "Content-Digest"));
            }
        }
        UploadInspector.Inspection inspection = inspector.inspect(request.bodyToFlux(DataBuffer.class)
                .map(ImageHandler::copyAndRelease));
        // The media type to record is known only after the probe. The inspection emits its first buffer only once
        // the head was probed, so the put starts (switchOnFirst) with the probed type.
        PutOptions finalOptions = options;
        Flux<ByteBuffer> body = inspection.body();
        Mono<Boolean> existed = store.head(key).map(m -> true)
                .onErrorResume(ObjectNotFoundException.class, e -> Mono.just(false));
        return notify.flatMap(url -> existed.flatMap(before -> body.switchOnFirst((first, flux) -> {
                    ImageHeader header = inspection.header();
                    String type = header == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE : header.format().mediaType();
                    return store.put(key, flux, new PutOptions(type, finalOptions.length(), finalOptions.sha256(),
                            finalOptions.md5(), finalOptions.condition())).flux();
                }).single()
                .flatMap(meta -> service.purge(key.value()).thenReturn(meta))
                .flatMap(meta -> queueEager(eager, meta, url.orElse(null)).map(job -> {
                    Map<String, Object> answerBody = describe(meta, inspection.header());
                    job.ifPresent(j -> answerBody.put("job", j));
                    return answerBody;
                }).flatMap(answerBody -> {
                    ServerResponse.BodyBuilder answer = ServerResponse.status(before ? HttpStatus.OK : HttpStatus.CREATED)
                            .header(HttpHeaders.ETAG, meta.etag())
                            .header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .header(PURGE_KEY, ResolvedSpecs.surrogateKey(key.value()));
                    if (answerBody.get("job") instanceof Map<?, ?> job && job.get("href") instanceof String href) {
                        answer.header(HttpHeaders.LINK, "<" + href + ">; rel=\"monitor\"");
                    }
                    return answer.contentType(MediaType.APPLICATION_JSON).bodyValue(answerBody);
                }))))
                .onErrorMap(ImageHandler::problemInside);
    }

    /**
     * Queues the eager set of an upload that is stored: its job's status (with {@code href}), or a note that the
     * queue was full (the upload stands; the variants are made on first request). Never fails the upload.
     */
    private Mono<Optional<Map<String, Object>>> queueEager(Optional<VariantSet> eager, ObjectMetadata meta,
            @org.jspecify.annotations.Nullable String notify) {
        if (eager.isEmpty() || jobs == null) {
            return Mono.just(Optional.empty());
        }
        return jobs.uploaded(eager.get(), meta.key().value(), meta.etag(), notify)
                .map(s -> Optional.of(JobsHandler.describe(s.status())))
                .onErrorResume(ProblemException.class, e -> Mono.just(Optional.of(Map.<String, Object>of(
                        "variantSet", eager.get().name(), "state", "refused", "problem", Map.of(
                                "type", e.type().uri().toString(), "status", e.type().status(), "detail",
                                e.detail())))));
    }

    /**
     * The problem a failed upload carries, however deep a store wrapped it (the inspector's 413 or 415 must not come
     * back as a 500); anything else as it is.
     */
    static Throwable problemInside(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        return e;
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        ObjectKey key = key(request);
        return store.delete(key)
                .flatMap(existed -> service.purge(key.value()).thenReturn(existed))
                .flatMap(existed -> existed
                        ? ServerResponse.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store")
                                .header(PURGE_KEY, ResolvedSpecs.surrogateKey(key.value())).build()
                        : Mono.error(new ProblemException(ProblemType.SOURCE_NOT_FOUND,
                                "There is no original under '" + key.value() + "'.")));
    }

    /**
     * {@code POST /v1/purge?src=}: forgets every derivative of one original in this replica's caches (and the shared
     * L3 level), without touching the original. The gateway sends it to every other replica after an upload or a
     * delete went to one of them; operators can send it too. Needs a write token.
     */
    public Mono<ServerResponse> purge(ServerRequest request) {
        authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        List<String> src = QueryString.decode(
                request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery()).get("src");
        if (src == null || src.size() != 1) {
            throw new InvalidParameterException("src", "one storage key or source URL", src == null ? "" : String.join(",", src));
        }
        String source = src.getFirst();
        if (!ObjectKey.isUrl(source)) {
            ObjectKey.of(source);   // decoded once already (by the query), never again
        }
        return service.purge(source).then(ServerResponse.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    private ObjectKey key(ServerRequest request) {
        String path = request.requestPath().value();
        String raw = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        ObjectKey key = ObjectKey.parse(raw, "key");
        if (!reservedPrefix.isEmpty() && (key.value() + "/").startsWith(reservedPrefix + "/")) {
            throw new InvalidParameterException("key", "a key outside the reserved prefix '" + reservedPrefix + "/'",
                    raw);
        }
        return key;
    }

    private static WriteCondition condition(HttpHeaders h) {
        String ifNoneMatch = h.getFirst(HttpHeaders.IF_NONE_MATCH);
        String ifMatch = h.getFirst(HttpHeaders.IF_MATCH);
        if (ifNoneMatch != null && ifMatch != null) {
            throw new InvalidParameterException(HttpHeaders.IF_MATCH, "either If-Match or If-None-Match, not both",
                    ifMatch);
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new InvalidParameterException(HttpHeaders.IF_NONE_MATCH, "'*' (create only)", ifNoneMatch);
            }
            return WriteCondition.CREATE_ONLY;
        }
        if (ifMatch != null) {
            try {
                return WriteCondition.ifMatch(ifMatch.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(HttpHeaders.IF_MATCH, "one strong entity tag", ifMatch);
            }
        }
        return WriteCondition.NONE;
    }

    private static String hex(String base64, int bytes, String header) {
        try {
            byte[] raw = Base64.getDecoder().decode(base64.trim());
            if (raw.length == bytes) {
                return HexFormat.of().formatHex(raw);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new InvalidParameterException(header, "a base64 digest of " + bytes + " bytes", base64);
    }

    private static ByteBuffer copyAndRelease(DataBuffer buffer) {
        try {
            byte[] copy = new byte[buffer.readableByteCount()];
            buffer.read(copy);
            return ByteBuffer.wrap(copy);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Map<String, Object> describe(ObjectMetadata meta, @Nullable ImageHeader header) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", meta.key().value());
        m.put("length", meta.length());
        m.put("contentType", meta.contentType());
        m.put("etag", meta.etag());
        if (meta.sha256() != null) {
            m.put("sha256", meta.sha256());
        }
        if (header != null) {
            m.put("format", header.format().token());
            m.put("width", header.width());
            m.put("height", header.height());
        }
        return m;
    }
}
