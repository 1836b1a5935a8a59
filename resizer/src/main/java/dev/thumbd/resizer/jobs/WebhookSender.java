package dev.thumbd.resizer.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import reactor.core.publisher.Mono;

/**
 * Posts one notification: the JDK's asynchronous HTTP client (its own threads, never an event loop), redirects not
 * followed, a connect timeout and a timeout for the whole exchange, and at most {@link #BODY_LIMIT} bytes of the
 * response read (then the exchange is cancelled): a receiver can neither hold a thread nor make thumbd read a large
 * body.
 */
public final class WebhookSender {

    /** Bytes of a response body read at most (kept for the log). */
    public static final int BODY_LIMIT = 1024;

    /** A receiver's answer: its status and the start of its body. */
    public record Answer(int status, String body) {
    }

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout the connect timeout and the bound of the whole exchange */
    public WebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** POSTs {@code body} (JSON) with {@code headers} (name, value, ...) to {@code url}. */
    public Mono<Answer> post(URI url, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "thumbd")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Mono.defer(() -> Mono.fromFuture(http.sendAsync(request.build(), r -> new Capped())))
                .map(r -> new Answer(r.statusCode(), r.body()))
                .timeout(timeout.multipliedBy(2));
    }

    /** Reads at most {@link #BODY_LIMIT} bytes of a body, then cancels the rest. */
    private static final class Capped implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] kept = new byte[BODY_LIMIT];
        private int length;
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), BODY_LIMIT - length);
                b.get(kept, length, n);
                length += n;
            }
            if (length == BODY_LIMIT) {
                subscription.cancel();
                result.complete(text());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable e) {
            result.complete(text());   // the status is what counts; a broken body after it changes nothing
        }

        @Override
        public void onComplete() {
            result.complete(text());
        }

        private String text() {
            return new String(kept, 0, length, StandardCharsets.UTF_8);
        }
    }
}
