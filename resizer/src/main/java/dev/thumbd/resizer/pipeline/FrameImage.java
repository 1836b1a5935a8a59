package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.transform.Frame;
import dev.thumbd.resizer.transform.SmartCrop;
import dev.thumbd.spec.ImageFormat;

/** Crops (at the planned or the smart position), pads onto the canvas and flattens alpha for JPEG. */
final class FrameImage implements Step {

    @Override
    public Stage stage() {
        return Stage.FRAME;
    }

    @Override
    public void apply(Job job) {
        Plan p = job.plan();
        Region crop = p.crop();
        if (p.smartCrop()) {
            if (job.smartCrop == null) {
                // found once: every frame of an animation is cut at the first frame's position (no jitter)
                job.smartCrop = SmartCrop.find(job.image(), p.crop().width(), p.crop().height());
            }
            crop = job.smartCrop;
        }
        boolean keepAlpha = job.outputFormat() != ImageFormat.JPEG;
        job.image = Frame.apply(job.image(), crop, p.canvasWidth(), p.canvasHeight(), p.offsetX(), p.offsetY(),
                job.spec.background(), keepAlpha, job.scratch);
    }
}
