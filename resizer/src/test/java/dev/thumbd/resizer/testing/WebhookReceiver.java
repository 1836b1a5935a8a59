package dev.thumbd.resizer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real HTTP receiver of notifications (the JDK's server on a free loopback port): records every request, and
 * answers per path with the statuses queued by the test ({@link #answer}), 200 once they run out. Special answers:
 * {@link #HANG} holds the exchange without answering, {@link #HUGE} answers 200 with a body far larger than any
 * socket buffer and records whether all of it was written.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final int HANG = -1;
    public static final int HUGE = -2;

    /** One request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Integer>> answers = new ConcurrentHashMap<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private final AtomicBoolean hugeWritten = new AtomicBoolean();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver r = new WebhookReceiver(server);
        server.createContext("/", r::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return r;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues the statuses the next requests to {@code path} are answered with, in order. */
    public void answer(String path, Integer... statuses) {
        answers.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
    }

    /** The next request, waiting up to {@code wait}; null when none came. */
    public Received next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every request so far. */
    public List<Received> all() {
        return List.copyOf(all);
    }

    /** Whether a {@link #HUGE} body was written to its end (a client that stops reading leaves it unwritten). */
    public boolean hugeWritten() {
        return hugeWritten.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Received r = new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                    body);
            all.add(r);
            received.add(r);
            ConcurrentLinkedQueue<Integer> queued = answers.get(path);
            Integer status = queued == null ? null : queued.poll();
            int s = status == null ? 200 : status;
            if (s == HANG) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (s == HUGE) {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[1 << 16];
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 1024; i++) {   // 64 MB
                        out.write(chunk);
                    }
                    hugeWritten.set(true);
                } catch (IOException stopped) {
                    // the client stopped reading and went away
                }
                return;
            }
            if (s >= 300 && s < 400) {
                exchange.getResponseHeaders().add("Location", base() + "/elsewhere");
            }
            byte[] answer = ("{\"status\":" + s + "}").getBytes();
            exchange.sendResponseHeaders(s, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
