package dev.thumbd.resizer.http;

import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.resizer.probe.ImageHeader;
import dev.thumbd.resizer.service.ThumbnailService;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.SigningParameters;
import dev.thumbd.spec.SpecParser;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/info?src=}: what the original's header says (format, size, orientation, alpha, frames, bit depth,
 * colour model, ICC profile length), read without decoding pixels. With {@code placeholder=true} also the
 * original's placeholder (ThumbHash, dominant colour), made from its smallest decode on a worker. Answers 413/415/422 problems exactly as a resize
 * of the same original would. Signed as {@code /v1/resize} is ({@link SignatureCheck}): unsigned only where that is allowed.
 */
public final class InfoHandler {

    /** The parameter asking {@code /v1/info} for the original's placeholder. */
    static final String PLACEHOLDER = "placeholder";

    /** Reads {@code src} by the one rule of sources (a storage key decoded once, or a URL), for a signature over it. */
    private static final SpecParser SOURCE_ONLY = SpecParser.standard();

    private final ThumbnailService service;
    private final CachePolicy cachePolicy;

    private final IntSupplier degradation;
    private final SignatureCheck signatures;

    /** @param degradation the degradation level in force: from 3 on, info requests are shed */
    public InfoHandler(ThumbnailService service, CachePolicy cachePolicy, IntSupplier degradation,
            SignatureCheck signatures) {
        this.signatures = signatures;
        this.service = service;
        this.cachePolicy = cachePolicy;
        this.degradation = degradation;
    }

    public Mono<ServerResponse> info(ServerRequest request) {
        SideWork.check(degradation);
        Map<String, List<String>> query = QueryString.decode(
                request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery());
        ParsedQuery parsed = SOURCE_ONLY.parse(Map.of(ParameterName.SRC, List.of(onlySource(query))));
        signatures.required(request.requestPath().value(), parsed.spec(), signing(query));
        String src = parsed.spec().source();
        boolean placeholder = placeholder(query);
        return service.describe(src).flatMap(d -> placeholder
                ? service.placeholder(parsed.spec()).map(p -> answer(src, d, p)) : Mono.just(answer(src, d, null))).flatMap(body ->
                ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + cachePolicy.errorMaxAge().toSeconds())
                        .bodyValue(body));
    }

    private static Map<String, Object> answer(String src, ThumbnailService.Described d, @Nullable Placeholder p) {
        ImageHeader h = d.header();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("src", src);
        body.put("format", h.format().token());
        body.put("mediaType", h.format().mediaType());
        body.put("bytes", d.source().bytes().length);
        body.put("width", h.width());
        body.put("height", h.height());
        body.put("orientation", h.orientation());
        body.put("orientedWidth", h.orientedWidth());
        body.put("orientedHeight", h.orientedHeight());
        body.put("alpha", h.alpha());
        body.put("frames", h.frames());
        body.put("bitDepth", h.bitDepth());
        body.put("colourModel", h.cmyk() ? "cmyk" : "rgb");
        body.put("iccProfileBytes", h.iccProfile() == null ? 0 : h.iccProfile().length);
        body.put("version", d.source().version());
        if (p != null) {
            Map<String, Object> ph = new LinkedHashMap<>();
            ph.put("thumbhash", p.thumbHashBase64());
            ph.put("dominantColour", p.dominantHex());
            ph.put("width", p.width());
            ph.put("height", p.height());
            body.put("placeholder", ph);
        }
        return body;
    }

    /** {@code placeholder}: true, false, 1, 0 (absent: false). */
    private static boolean placeholder(Map<String, List<String>> q) {
        List<String> v = q.get(PLACEHOLDER);
        return v != null && flag(v.getFirst());
    }

    /** A {@code placeholder} value: true, false, 1, 0. */
    static boolean flag(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidParameterException(PLACEHOLDER, "one of true, false, 1, 0", value);
        };
    }

    /** The signing parameters among decoded ones ({@link #onlySource} has refused duplicates). */
    private static SigningParameters signing(Map<String, List<String>> q) {
        return new SigningParameters(first(q, ParameterName.SIG), first(q, ParameterName.KID),
                first(q, ParameterName.EXP));
    }

    private static Optional<String> first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** The {@code src} parameter; any other parameter except the signing ones is a 400. */
    static String onlySource(String rawQuery) {
        return onlySource(QueryString.decode(rawQuery == null ? "" : rawQuery));
    }

    /** The {@code src} parameter of a decoded query; any other parameter except the signing ones is a 400. */
    static String onlySource(Map<String, List<String>> q) {
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            String name = e.getKey();
            if (e.getValue().size() > 1) {
                throw new InvalidParameterException(name, "the parameter at most once", String.join(",", e.getValue()));
            }
            if (!name.equals(ParameterName.SRC) && !name.equals(PLACEHOLDER) && !ParameterName.isSigning(name)) {
                throw new InvalidParameterException(name, "no such parameter on /v1/info (only src, placeholder)",
                        e.getValue().get(0));
            }
        }
        List<String> src = q.get(ParameterName.SRC);
        if (src == null || src.get(0).isEmpty()) {
            throw new InvalidParameterException(ParameterName.SRC, "a storage key or allow-listed URL", "");
        }
        return src.get(0);
    }
}
