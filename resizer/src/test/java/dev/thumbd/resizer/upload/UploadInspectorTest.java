package dev.thumbd.resizer.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.fixture.TestImages;
import dev.thumbd.resizer.probe.ProbeLimits;
import dev.thumbd.spec.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class UploadInspectorTest {

    private static Flux<ByteBuffer> chunks(byte[] data, int size) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += size) {
            out.add(ByteBuffer.wrap(data, i, Math.min(size, data.length - i)).slice());
        }
        return Flux.fromIterable(out);
    }

    private static byte[] collect(Flux<ByteBuffer> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.doOnNext(b -> {
            byte[] c = new byte[b.remaining()];
            b.get(c);
            out.writeBytes(c);
        }).blockLast();
        return out.toByteArray();
    }

    @Test
    void passesTheBodyThroughUnchangedAndReportsTheHeader() {
        byte[] jpeg = TestImages.bytes("photo-1920x1080.jpg");
        UploadInspector.Inspection i = new UploadInspector(ProbeLimits.defaults(), 64 * 1024).inspect(chunks(jpeg, 8192));
        assertThat(collect(i.body())).isEqualTo(jpeg);
        assertThat(i.header().format()).isEqualTo(ImageFormat.JPEG);
        assertThat(i.header().width()).isEqualTo(1920);
    }

    @Test
    void aSmallImageIsProbedWhole() {
        byte[] png = TestImages.bytes("rgb16-290x442.png");
        UploadInspector.Inspection i = new UploadInspector(ProbeLimits.defaults(), 1 << 20).inspect(chunks(png, 1000));
        assertThat(collect(i.body())).isEqualTo(png);
        assertThat(i.header().format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void refusesWhatIsNotAnImageBeforeEmittingAnything() {
        List<ByteBuffer> emitted = new ArrayList<>();
        byte[] text = "hello, this is not an image at all".repeat(100).getBytes();
        UploadInspector.Inspection i = new UploadInspector(ProbeLimits.defaults(), 1024).inspect(chunks(text, 100));
        Throwable t = catchThrowable(() -> i.body().doOnNext(emitted::add).blockLast());
        assertThat(t).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.UNSUPPORTED_FORMAT));
        assertThat(emitted).isEmpty();
    }

    @Test
    void refusesDimensionsOverTheLimitAndBodiesOverTheSize() {
        byte[] jpeg = TestImages.bytes("photo-1920x1080.jpg");
        Throwable pixels = catchThrowable(() -> collect(new UploadInspector(ProbeLimits.defaults().withMaxPixels(1_000_000),
                64 * 1024).inspect(chunks(jpeg, 4096)).body()));
        assertThat(pixels).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.IMAGE_TOO_LARGE));
        Throwable bytes = catchThrowable(() -> collect(new UploadInspector(
                ProbeLimits.defaults().withMaxSourceBytes(100_000), 64 * 1024).inspect(chunks(jpeg, 4096)).body()));
        assertThat(bytes).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.SOURCE_TOO_LARGE));
    }

    @Test
    void anEmptyUploadIsRefused() {
        Throwable t = catchThrowable(() -> collect(new UploadInspector(ProbeLimits.defaults(), 1024)
                .inspect(Flux.empty()).body()));
        assertThat(t).isInstanceOf(ProblemException.class);
    }
}
