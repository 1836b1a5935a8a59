package dev.thumbd.storage.remote;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.InvalidParameterException;
import dev.thumbd.spec.ParameterName;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.ByteBufFlux;
import reactor.netty.resources.ConnectionProvider;

/*
 * Design notes
 *
 * Server-side request forgery (OWASP SSRF Prevention Cheat Sheet): an allow-list of host names is not enough,
 * because an allowed name can resolve, or be made to resolve, to 169.254.169.254 or 127.0.0.1, and because a
 * resolver consulted twice can answer differently the second time (DNS rebinding). So each hop resolves the name
 * once, on a blocking-capable scheduler, keeps the first address the AddressPolicy permits, and hands Reactor
 * Netty that already-resolved address (an InetAddress that carries the host name too, so TLS SNI, certificate
 * checks and the Host header still use the name). Netty does not resolve an address that is already resolved, so
 * the checked address is the one connected to.
 *
 * Redirects are followed by hand, at most maxRedirects times, and each Location goes through the same scheme,
 * allow-list and address checks as the original URL. The body is bounded twice: a Content-Length over the limit
 * fails before any byte is read, and a body that grows past the limit fails as soon as it does.
 */

/** Fetches allow-listed {@code http(s)} originals with SSRF protection, size limits and timeouts. */
public final class RemoteSource {
    private static final String URL_EXPECTATION = "a storage key or an allow-listed https URL";
    private static final String DISABLED_EXPECTATION = "a storage key (remote sources are disabled)";

    private final RemoteSourceProperties properties;
    private final AddressPolicy policy;
    private final HttpClient http;

    public RemoteSource(RemoteSourceProperties properties) {
        this.properties = properties;
        this.policy = new AddressPolicy(properties.allowedAddresses().stream().map(AddressBlock::parse).toList());
        long readMillis = properties.readTimeout().toMillis();
        this.http = HttpClient.create(ConnectionProvider.newConnection())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
                .responseTimeout(properties.readTimeout())
                .followRedirect(false)
                .doOnConnected(c -> c.addHandlerLast(new ReadTimeoutHandler(readMillis, TimeUnit.MILLISECONDS)))
                .headers(h -> h.set(HttpHeaderNames.USER_AGENT, "thumbd"));
    }

    /** Whether {@code src} is meant as a URL rather than a storage key. */
    public static boolean isUrl(String src) {
        String lower = src.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /**
     * Fetches {@code src}.
     *
     * @return the body, or an error: {@link InvalidParameterException} if remote sources are off or the URL is not
     *     allowed, {@link ProblemType#SOURCE_NOT_FOUND} on 404 or 410, {@link ProblemType#SOURCE_TOO_LARGE} over the
     *     size limit, {@link ProblemType#SOURCE_UNREACHABLE} for refused addresses, redirect loops, timeouts and
     *     other failures
     */
    public Mono<RemoteObject> fetch(String src) {
        return Mono.defer(() -> {
            if (!properties.enabled()) {
                throw new InvalidParameterException(ParameterName.SRC, DISABLED_EXPECTATION, src);
            }
            URI uri = check(src);
            if (uri == null) {
                throw new InvalidParameterException(ParameterName.SRC, URL_EXPECTATION, src);
            }
            return hop(uri, 0);
        }).timeout(properties.totalTimeout(), Mono.error(() -> unreachable("the fetch took too long")));
    }

    private Mono<RemoteObject> hop(URI uri, int redirects) {
        return Mono.fromCallable(() -> connectAddress(uri))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(address -> request(uri, address))
                .flatMap(hop -> switch (hop) {
                    case Hop.Fetched f -> Mono.just(f.object());
                    case Hop.Redirect r -> {
                        if (redirects >= properties.maxRedirects()) {
                            yield Mono.error(unreachable("more than " + properties.maxRedirects() + " redirects"));
                        }
                        URI next = check(r.location());
                        yield next == null
                                ? Mono.error(unreachable("redirected to a URL that is not allowed"))
                                : hop(next, redirects + 1);
                    }
                });
    }

    /** The URL if its scheme, host and form are allowed, else null. */
    private @Nullable URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || scheme.equals("http") && properties.allowHttp();
        String host = uri.getHost();
        boolean portOk = uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65535;
        if (!schemeOk || !portOk || host == null || uri.getRawUserInfo() != null || uri.getRawAuthority() == null) {
            return null;
        }
        return properties.allowsHost(host.toLowerCase(Locale.ROOT)) ? uri : null;
    }

    /** Resolves the host once and keeps the first permitted address (blocking: run on a bounded elastic thread). */
    private InetSocketAddress connectAddress(URI uri) {
        String host = uri.getHost();
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new ProblemException(ProblemType.SOURCE_UNREACHABLE, "cannot resolve '" + name + "'", e);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        for (InetAddress candidate : candidates) {
            if (policy.permits(candidate)) {
                try {
                    return new InetSocketAddress(InetAddress.getByAddress(name, candidate.getAddress()), port);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("a resolved address has a valid length", e);
                }
            }
        }
        throw unreachable("'" + name + "' resolves to a non-public address");
    }

    private Mono<Hop> request(URI uri, InetSocketAddress address) {
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpClient client = http.remoteAddress(() -> address)
                .headers(h -> h.set(HttpHeaderNames.HOST, uri.getRawAuthority()));
        if (uri.getScheme().equalsIgnoreCase("https")) {
            client = client.secure();
        }
        return client.get().uri(path)
                .response((response, body) -> answer(uri, response, body))
                .next()
                .onErrorMap(e -> !(e instanceof ProblemException),
                        e -> new ProblemException(ProblemType.SOURCE_UNREACHABLE,
                                "cannot fetch from '" + uri.getHost() + "'", e));
    }

    private Mono<Hop> answer(URI uri, HttpClientResponse response, ByteBufFlux body) {
        int status = response.status().code();
        String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            if (location == null) {
                return Mono.error(unreachable("the origin redirected without a Location"));
            }
            try {
                return Mono.just(new Hop.Redirect(uri.resolve(location).toString()));
            } catch (IllegalArgumentException e) {
                return Mono.error(unreachable("the origin redirected to a malformed URL"));
            }
        }
        if (status == 404 || status == 410) {
            return Mono.error(new ProblemException(ProblemType.SOURCE_NOT_FOUND, "no image at '" + uri + "'"));
        }
        if (status < 200 || status > 299) {
            return Mono.error(unreachable("the origin answered " + status));
        }
        String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > properties.maxBytes()) {
            return Mono.error(tooLarge());
        }
        String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        String etag = response.responseHeaders().get(HttpHeaderNames.ETAG);
        return body.asByteArray()
                .reduceWith(ByteArrayOutputStream::new, (out, bytes) -> {
                    if (out.size() + (long) bytes.length > properties.maxBytes()) {
                        throw tooLarge();
                    }
                    out.writeBytes(bytes);
                    return out;
                })
                .map(out -> new Hop.Fetched(new RemoteObject(uri, type, etag, ByteBuffer.wrap(out.toByteArray()))));
    }

    private ProblemException tooLarge() {
        return new ProblemException(ProblemType.SOURCE_TOO_LARGE,
                "the remote source is larger than " + properties.maxBytes() + " bytes");
    }

    private static ProblemException unreachable(String detail) {
        return new ProblemException(ProblemType.SOURCE_UNREACHABLE, detail);
    }

    /** The outcome of one request: a body, or a redirect to follow. */
    private sealed interface Hop {
        record Fetched(RemoteObject object) implements Hop {
        }

        record Redirect(String location) implements Hop {
        }
    }
}
