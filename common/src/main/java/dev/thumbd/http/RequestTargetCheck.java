package dev.thumbd.http;

import dev.thumbd.problem.ProblemDocument;
import dev.thumbd.problem.ProblemType;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A request the HTTP/1.1 codec could not read (conflicting framing headers, a broken header line) is answered with a
 * 400 {@code malformed-request} problem; a request target that is not even a URI ({@code /v1\resize}, a raw space or quote, bytes outside ASCII) is answered
 * here, right after the HTTP/1.1 codec, with a 400 {@code non-canonical-path} problem and a closed connection:
 * otherwise the web framework refuses it with an empty 400 of its own, before any filter that writes problems runs.
 * Installed with {@link SlowClientGuard}.
 */
final class RequestTargetCheck extends ChannelInboundHandlerAdapter {

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);   // the rest of a refused request
            return;
        }
        ProblemDocument problem = null;
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure() && !tooLong(request.decoderResult().cause())) {
                problem = new ProblemDocument(ProblemType.MALFORMED_REQUEST, "The request is not well-formed HTTP/1.1 "
                        + "(for example both Content-Length and Transfer-Encoding, or a broken header line).", null);
            } else if (!request.decoderResult().isFailure() && !isUri(request.uri())) {
                problem = new ProblemDocument(ProblemType.NON_CANONICAL_PATH,
                        "The request target is not a well-formed URI (docs/HTTP.md#paths).", null);
            }
        }
        if (problem != null) {
            refused = true;
            ReferenceCountUtil.release(msg);
            byte[] body = problem.toJson();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ProblemDocument.MEDIA_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set("X-Content-Type-Options", "nosniff")
                    .set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Over a size limit: left to the server's own 414 / 431. */
    private static boolean tooLong(Throwable cause) {
        return cause instanceof TooLongFrameException;
    }

    static boolean isUri(String target) {
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) > 0x7e || target.charAt(i) <= 0x20) {
                return false;
            }
        }
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
