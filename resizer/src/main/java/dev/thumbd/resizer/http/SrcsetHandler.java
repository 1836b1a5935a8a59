package dev.thumbd.resizer.http;

import dev.thumbd.signing.UrlSigner;
import dev.thumbd.spec.ImageFormat;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.SpecParser;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import dev.thumbd.resizer.placeholder.Placeholder;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/srcset?src=&widths=320,640,1280[&formats=avif,webp,jpeg][&sizes=...]} plus any resize parameter
 * except {@code w} and {@code fmt}: the {@code /v1/resize} URLs of every width in every format, in canonical form, as
 * JSON and as a ready {@code <picture>} element. Width descriptors ({@code 640w}) let the browser account for the
 * device pixel ratio itself, so no {@code dpr} variants are listed. With {@code placeholder=true} the answer also
 * carries the placeholder of the request's original (its crop and turn applied): the {@code <img>} gets the
 * dominant colour as its background and the ThumbHash as {@code data-thumbhash}; that one decodes (the smallest
 * decode there is, on a worker). With {@code h}, the height is the one at the first
 * width and the other widths keep that aspect ratio. Without a placeholder nothing is rendered; the answer costs
 * no CPU.
 *
 * <p>With signing keys configured ({@code thumbd.signing.keys}) every URL is signed with the primary key, and since
 * a signed URL is a grant to make thumbd work, the caller must then present a write token
 * ({@code Authorization: Bearer ...}); without keys the URLs are canonical and unsigned, and anyone may ask.
 */
public final class SrcsetHandler {

    static final int MAX_WIDTHS = 16;
    private static final String RESIZE_PATH = "/v1/resize";
    private static final List<ImageFormat> DEFAULT_FORMATS = List.of(ImageFormat.AVIF, ImageFormat.WEBP,
            ImageFormat.JPEG);

    private final SpecParser parser;
    private final @Nullable UrlSigner signer;
    private final WriteAuthorization authorization;
    private final Function<ThumbnailSpec, Mono<Placeholder>> placeholders;

    /**
     * @param signer        signs every URL handed out; {@code null} for unsigned URLs (no signing keys configured)
     * @param authorization with a signer, who may obtain signed URLs (the write tokens): a signed URL is a grant
     * @param placeholders  the placeholder of a request's original ({@code placeholder=true}), made on a worker
     */
    public SrcsetHandler(SpecParser parser, @Nullable UrlSigner signer, WriteAuthorization authorization,
            Function<ThumbnailSpec, Mono<Placeholder>> placeholders) {
        this.parser = parser;
        this.signer = signer;
        this.authorization = authorization;
        this.placeholders = placeholders;
    }

    public Mono<ServerResponse> srcset(ServerRequest request) {
        if (signer != null) {
            authorization.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        }
        String raw = request.uri().getRawQuery();
        Map<String, List<String>> query = new LinkedHashMap<>(QueryString.decode(raw == null ? "" : raw));
        List<Integer> widths = widths(single(query.remove("widths"), "widths"));
        List<ImageFormat> formats = formats(query.remove("formats"));
        String sizes = query.containsKey("sizes") ? single(query.remove("sizes"), "sizes") : "100vw";
        boolean placeholder = query.containsKey(InfoHandler.PLACEHOLDER)
                && InfoHandler.flag(single(query.remove(InfoHandler.PLACEHOLDER), InfoHandler.PLACEHOLDER));
        for (String forbidden : List.of(ParameterName.W, ParameterName.FMT)) {
            if (query.containsKey(forbidden)) {
                throw new InvalidParameterException(forbidden, "no " + forbidden + " on /v1/srcset (use widths and formats)",
                        query.get(forbidden).get(0));
            }
        }
        ThumbnailSpec base = parser.parse(query).spec();
        ThumbnailSpec atFirst = base.toBuilder().width(widths.get(0)).build();   // h is the height at the first width
        if (!placeholder) {
            return answer(base, widths, formats, sizes, atFirst, null);
        }
        return placeholders.apply(base).flatMap(p -> answer(base, widths, formats, sizes, atFirst, p));
    }

    private Mono<ServerResponse> answer(ThumbnailSpec base, List<Integer> widths, List<ImageFormat> formats,
            String sizes, ThumbnailSpec atFirst, @Nullable Placeholder placeholder) {
        List<Map<String, Object>> sources = new ArrayList<>();
        StringBuilder picture = new StringBuilder("<picture>");
        String fallback = "";
        for (ImageFormat f : formats) {
            List<String> candidates = new ArrayList<>();
            for (int w : widths) {
                ThumbnailSpec spec = atFirst.atWidth(w).toBuilder()
                        .format(OutputFormat.fromToken(f.token()).orElseThrow()).build();
                String url = RESIZE_PATH + "?" + (signer == null ? spec.canonicalQuery()
                        : signer.signedQuery(RESIZE_PATH, spec, OptionalLong.empty()));
                candidates.add(url + " " + w + "w");
                if (f == formats.get(formats.size() - 1) && (fallback.isEmpty() || w <= 1024)) {
                    fallback = url;
                }
            }
            String srcset = String.join(", ", candidates);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("format", f.token());
            s.put("type", f.mediaType());
            s.put("srcset", srcset);
            sources.add(s);
            if (f != formats.get(formats.size() - 1)) {
                picture.append("<source type=\"").append(f.mediaType()).append("\" srcset=\"").append(html(srcset))
                        .append("\" sizes=\"").append(html(sizes)).append("\">");
            } else {
                picture.append("<img src=\"").append(html(fallback)).append("\" srcset=\"").append(html(srcset))
                        .append("\" sizes=\"").append(html(sizes)).append("\" alt=\"\" loading=\"lazy\" decoding=\"async\"");
                if (placeholder != null) {
                    // the dominant colour shows while the image loads; the ThumbHash is there for a script to draw
                    picture.append(" style=\"background-color:").append(placeholder.dominantHex())
                            .append("\" data-thumbhash=\"").append(html(placeholder.thumbHashBase64())).append('"');
                }
                picture.append('>');
            }
        }
        picture.append("</picture>");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("src", base.source());
        body.put("widths", widths);
        body.put("sizes", sizes);
        body.put("sources", sources);
        body.put("fallback", fallback);
        body.put("picture", picture.toString());
        if (placeholder != null) {
            Map<String, Object> ph = new LinkedHashMap<>();
            ph.put("thumbhash", placeholder.thumbHashBase64());
            ph.put("dominantColour", placeholder.dominantHex());
            ph.put("width", placeholder.width());
            ph.put("height", placeholder.height());
            body.put("placeholder", ph);
        }
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static String single(List<String> values, String name) {
        if (values == null || values.isEmpty()) {
            throw new InvalidParameterException(name, "a comma-separated list", "");
        }
        if (values.size() > 1) {
            throw new InvalidParameterException(name, "the parameter at most once", String.join(",", values));
        }
        return values.get(0);
    }

    static List<Integer> widths(String value) {
        String expectation = "1 to " + MAX_WIDTHS + " distinct ascending widths between 1 and 8192, comma-separated";
        String[] parts = value.split(",", -1);
        if (parts.length > MAX_WIDTHS) {
            throw new InvalidParameterException("widths", expectation, value);
        }
        List<Integer> out = new ArrayList<>();
        for (String p : parts) {
            if (!p.matches("[1-9][0-9]{0,3}")) {
                throw new InvalidParameterException("widths", expectation, value);
            }
            int w = Integer.parseInt(p);
            if (w > 8192 || (!out.isEmpty() && w <= out.get(out.size() - 1))) {
                throw new InvalidParameterException("widths", expectation, value);
            }
            out.add(w);
        }
        return out;
    }

    static List<ImageFormat> formats(List<String> values) {
        if (values == null) {
            return DEFAULT_FORMATS;
        }
        String value = single(values, "formats");
        String expectation = "distinct formats among avif, webp, jpeg, png, the fallback last";
        List<ImageFormat> out = new ArrayList<>();
        for (String p : value.split(",", -1)) {
            ImageFormat f = ImageFormat.fromToken(p).filter(ImageFormat::isOutput)
                    .orElseThrow(() -> new InvalidParameterException("formats", expectation, value));
            if (out.contains(f)) {
                throw new InvalidParameterException("formats", expectation, value);
            }
            out.add(f);
        }
        return out;
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
