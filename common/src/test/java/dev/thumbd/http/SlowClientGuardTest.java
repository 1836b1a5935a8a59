package dev.thumbd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guard on a channel whose clock the test moves: no test waits for real time to pass. */
class SlowClientGuardTest {

    private static final ServerTimeouts T = new ServerTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofSeconds(30));

    private static EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast("codec", new HttpServerCodec());
        new SlowClientGuard(T).install(ch.pipeline());
        return ch;
    }

    private static void send(EmbeddedChannel ch, String bytes) {
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private static void elapse(EmbeddedChannel ch, Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf buf) {
                b.append(buf.toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(o);
        }
        return b.toString();
    }

    private static void drainInbound(EmbeddedChannel ch) {
        Object o;
        while ((o = ch.readInbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    @Test
    void headersTrickledPastTheirTimeoutAre408AndClosed() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /v1/info?src=a HTTP/1.1\r\nHo");
        elapse(ch, Duration.ofSeconds(6));
        send(ch, "st: x\r\nX-A: ");   // never idle, still too slow
        elapse(ch, Duration.ofSeconds(3));
        assertThat(ch.isOpen()).isTrue();
        elapse(ch, Duration.ofSeconds(2));
        String out = written(ch);
        assertThat(out).startsWith("HTTP/1.1 408 ").contains("application/problem+json")
                .contains("https://thumbd.dev/problems/request-timeout").contains("Connection: close");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aBodyThatPausesOrNeverEndsIs408() {
        EmbeddedChannel paused = channel();
        send(paused, "PUT /v1/images/a.png HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
        assertThat((Object) paused.readInbound()).isInstanceOf(HttpRequest.class);
        drainInbound(paused);
        elapse(paused, Duration.ofSeconds(4));
        send(paused, "d");
        elapse(paused, Duration.ofSeconds(4));
        assertThat(paused.isOpen()).as("a pause shorter than the body idle timeout").isTrue();
        elapse(paused, Duration.ofSeconds(2));
        assertThat(written(paused)).contains("408").contains("paused");
        assertThat(paused.isOpen()).isFalse();

        EmbeddedChannel trickle = channel();
        send(trickle, "PUT /v1/images/a.png HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
        drainInbound(trickle);
        for (int i = 0; i < 30 && trickle.isOpen(); i++) {
            send(trickle, "x");
            drainInbound(trickle);
            elapse(trickle, Duration.ofSeconds(3));
        }
        assertThat(written(trickle)).contains("408").contains("not received within 60 s");
        assertThat(trickle.isOpen()).isFalse();
    }

    @Test
    void aRequestInTimeIsLeftAloneAndAnIdleConnectionClosedSilently() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /v1/info?src=a HTTP/1.1\r\nHost: x\r\n\r\n");
        drainInbound(ch);
        elapse(ch, Duration.ofSeconds(20));   // the application works on it: no limit applies
        assertThat(ch.isOpen()).isTrue();
        ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat(written(ch)).startsWith("HTTP/1.1 200");
        elapse(ch, Duration.ofSeconds(29));
        assertThat(ch.isOpen()).isTrue();
        elapse(ch, Duration.ofSeconds(2));
        assertThat(ch.isOpen()).as("idle past the idle timeout").isFalse();
        assertThat(written(ch)).isEmpty();
    }

    @Test
    void aTargetThatIsNotAUriIsAProblem() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /v1\\resize?src=a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(written(ch)).startsWith("HTTP/1.1 400").contains("non-canonical-path");
        assertThat(ch.isOpen()).isFalse();

        EmbeddedChannel smuggle = channel();
        send(smuggle, "PUT /v1/images/a.png HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: identity\r\n\r\n0\r\n\r\n");
        drainInbound(smuggle);
        assertThat(written(smuggle)).startsWith("HTTP/1.1 400").contains("malformed-request");
        assertThat(smuggle.isOpen()).isFalse();
    }
}
