package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.placeholder.Lqip;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.spec.ImageFormat;

/**
 * The last step of {@code fmt=lqip}, in place of {@link EncodeImage}: the placeholder of the pixels (at most
 * 100x100, from the smallest decode) drawn from its ThumbHash ({@link Lqip}) and encoded as PNG. The drawing is at
 * most 32x32, a fraction of what the probe priced for a 100x100 PNG encode.
 */
final class EncodePlaceholder implements Step {

    private final Codecs codecs;
    private final PipelineSettings settings;

    EncodePlaceholder(Codecs codecs, PipelineSettings settings) {
        this.codecs = codecs;
        this.settings = settings;
    }

    @Override
    public Stage stage() {
        return Stage.ENCODE;
    }

    @Override
    public void apply(Job job) {
        job.image = Lqip.draw(Placeholder.of(job.image()));
        job.encoded = codecs.encoder(ImageFormat.PNG).orElseThrow()
                .encode(job.image(), settings.encodeOptions(ImageFormat.PNG, 0), job.scratch);
    }
}
