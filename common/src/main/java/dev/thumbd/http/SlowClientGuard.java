package dev.thumbd.http;

import dev.thumbd.problem.ProblemDocument;
import dev.thumbd.problem.ProblemType;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/*
 * Design notes
 *
 * A connection costs a server memory and a file descriptor (and, for an upload, a temporary file) for as long as the
 * client keeps it open; a client that sends a request one byte at a time (Slowloris, and its slow-body twin R.U.D.Y.)
 * never trips an idle timer, because it is never idle. So the time to send a request is bounded as a whole:
 *
 *   - headers: from the first byte of a request to the end of its headers, at most headerTimeout;
 *   - body: no pause longer than bodyIdleTimeout, and the whole body within uploadDeadline;
 *   - between requests: a kept-alive connection with nothing in flight is closed after idleTimeout.
 *
 * Two handlers share one state: one before the HTTP/1.1 codec sees raw bytes (when a request starts), one after it
 * sees decoded messages (when the headers and the body end, and when the answer is written). Everything runs on the
 * channel's event loop, so the state needs no locking. A request that runs out of time gets 408 request-timeout as a
 * problem document when no answer was started yet, and its connection is closed either way. When the codec leaves
 * the pipeline (an h2c upgrade), the guard leaves too: HTTP/2 has its own framing.
 */

/**
 * Time limits on receiving requests, as Netty handlers around the HTTP/1.1 codec (both servers install it), together
 * with {@link RequestTargetCheck} (a request target that is not a URI gets a problem, not an empty 400).
 */
public final class SlowClientGuard {

    private static final String BYTES = "thumbd.slowClient.bytes";
    private static final String MESSAGES = "thumbd.slowClient.messages";
    private static final String TARGET = "thumbd.requestTarget";

    /** How long a connection that was answered 408 still takes (and discards) what the client sends. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final ServerTimeouts timeouts;

    public SlowClientGuard(ServerTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /**
     * Installs the guard around the HTTP/1.1 codec ({@link HttpServerCodec}) of a new connection's pipeline; nothing
     * when there is none (yet).
     */
    public void install(ChannelPipeline pipeline) {
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec == null || pipeline.get(BYTES) != null) {
            return;
        }
        Connection c = new Connection(timeouts);
        pipeline.addBefore(codec.name(), BYTES, c.bytes);
        pipeline.addAfter(codec.name(), MESSAGES, c.messages);
        pipeline.addAfter(MESSAGES, TARGET, new RequestTargetCheck());
    }

    /** The state of one connection. */
    private static final class Connection {
        private final ServerTimeouts t;
        private @Nullable ChannelHandlerContext raw;
        private boolean headersPending;
        private boolean reading;
        private boolean responseStarted;
        private boolean responsePending;
        private boolean lingering;
        private @Nullable ScheduledFuture<?> headerTimer;
        private @Nullable ScheduledFuture<?> bodyIdleTimer;
        private @Nullable ScheduledFuture<?> bodyDeadline;
        private @Nullable ScheduledFuture<?> idleTimer;

        private final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                raw = ctx;
                idleTimer = schedule(t.idleTimeout(), "idle");
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (lingering) {
                    ReferenceCountUtil.release(msg);   // the rest of a request that ran out of time
                    return;
                }
                if (ctx.pipeline().context(HttpServerCodec.class) == null) {
                    leave(ctx);
                } else if (!headersPending && !reading) {
                    headersPending = true;
                    idleTimer = cancel(idleTimer);
                    headerTimer = schedule(t.headerTimeout(), "The request headers were not received within "
                            + seconds(t.headerTimeout()) + ".");
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancelAll();
                ctx.fireChannelInactive();
            }
        };

        private final ChannelDuplexHandler messages = new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    headersPending = false;
                    headerTimer = cancel(headerTimer);
                    idleTimer = cancel(idleTimer);
                    responseStarted = false;
                    responsePending = true;
                    if (!(msg instanceof LastHttpContent)) {
                        reading = true;
                        bodyDeadline = schedule(t.uploadDeadline(), "The request body was not received within "
                                + seconds(t.uploadDeadline()) + ".");
                        bodyIdleTimer = schedule(t.bodyIdleTimeout(), bodyPause());
                    }
                } else if (msg instanceof HttpContent && reading) {
                    bodyIdleTimer = cancel(bodyIdleTimer);
                    if (msg instanceof LastHttpContent) {
                        reading = false;
                        bodyDeadline = cancel(bodyDeadline);
                        idleIfQuiet();
                    } else {
                        bodyIdleTimer = schedule(t.bodyIdleTimeout(), bodyPause());
                    }
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof HttpResponse) {
                    responseStarted = true;
                }
                if (msg instanceof LastHttpContent) {
                    responsePending = false;
                    ctx.write(msg, promise);
                    idleIfQuiet();
                    return;
                }
                ctx.write(msg, promise);
            }
        };

        Connection(ServerTimeouts t) {
            this.t = t;
        }

        private String bodyPause() {
            return "The request body paused for more than " + seconds(t.bodyIdleTimeout()) + ".";
        }

        private void idleIfQuiet() {
            if (!reading && !headersPending && !responsePending && idleTimer == null) {
                idleTimer = schedule(t.idleTimeout(), "idle");
            }
        }

        private @Nullable ScheduledFuture<?> schedule(Duration after, String detail) {
            ChannelHandlerContext ctx = raw;
            if (ctx == null) {
                return null;
            }
            return ctx.executor().schedule(() -> expire(detail), after.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Out of time: a 408 problem when no answer was started (not for an idle connection), then close. */
        private void expire(String detail) {
            ChannelHandlerContext ctx = raw;
            cancelAll();
            if (ctx == null || !ctx.channel().isActive()) {
                return;
            }
            if (ctx.pipeline().context(HttpServerCodec.class) == null) {
                leave(ctx);   // upgraded to HTTP/2 meanwhile: not this guard's connection any more
                return;
            }
            if (detail.equals("idle") || responseStarted) {
                ctx.close();
                return;
            }
            byte[] body = new ProblemDocument(ProblemType.REQUEST_TIMEOUT, detail, null).toJson();
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + ProblemDocument.MEDIA_TYPE
                    + "\r\nContent-Length: " + body.length + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            lingering = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(headBytes, body)).addListener(f -> lingerThenClose(ctx));
        }

        /**
         * Closing at once while the client is still sending would make the kernel answer its next bytes with a reset,
         * which can destroy the 408 before the client reads it. So the sending side is shut (the client sees the end of
         * the answer), what still comes in is discarded, and the connection is closed after {@link #LINGER} at most.
         */
        private void lingerThenClose(ChannelHandlerContext ctx) {
            if (ctx.channel() instanceof DuplexChannel duplex && ctx.channel().isActive()) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                ctx.close();
            }
        }

        private void leave(ChannelHandlerContext ctx) {
            cancelAll();
            raw = null;
            if (ctx.pipeline().get(BYTES) != null) {
                ctx.pipeline().remove(BYTES);
            }
            if (ctx.pipeline().get(MESSAGES) != null) {
                ctx.pipeline().remove(MESSAGES);
            }
            if (ctx.pipeline().get(TARGET) != null) {
                ctx.pipeline().remove(TARGET);
            }
        }

        private void cancelAll() {
            headerTimer = cancel(headerTimer);
            bodyIdleTimer = cancel(bodyIdleTimer);
            bodyDeadline = cancel(bodyDeadline);
            idleTimer = cancel(idleTimer);
        }

        private static @Nullable ScheduledFuture<?> cancel(@Nullable ScheduledFuture<?> f) {
            if (f != null) {
                f.cancel(false);
            }
            return null;
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
