package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.resizer.image.PixelBuffer;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.transform.Trim;
import java.util.Locale;

/**
 * {@code trim}: finds the uniform border of the decoded (and cropped) pixels ({@link Trim}), cuts it off and plans
 * the thumbnail again on what is left. The probe decoded at full size for it (no shrink-on-load: the border is only
 * known from the pixels, and the part left may need every one of them), and priced the copy. The new plan must not be
 * larger than the one admitted (a {@code w}-only request whose trim leaves a tall strip would be): 422 then.
 */
final class TrimSource implements Step {

    private final ProbeSource probe;

    TrimSource(ProbeSource probe) {
        this.probe = probe;
    }

    @Override
    public Stage stage() {
        return Stage.RESIZE;
    }

    @Override
    public void apply(Job job) {
        if (job.spec.trim() == 0) {
            return;
        }
        PixelBuffer img = job.image();
        Region box = Trim.find(img, job.spec.trim());
        if (box.covers(img.width(), img.height())) {
            return;
        }
        int c = img.channels();
        byte[] dst = job.scratch.bytes(Scratch.Slot.TRIMMED, box.width() * box.height() * c);
        int rowBytes = box.width() * c;
        for (int row = 0; row < box.height(); row++) {
            System.arraycopy(img.data(), ((box.y() + row) * img.width() + box.x()) * c, dst, row * rowBytes,
                    rowBytes);
        }
        job.image = new PixelBuffer(dst, box.width(), box.height(), img.format());
        job.extentWidth = box.width();
        job.extentHeight = box.height();
        // decoded at full size: the image's pixels are the stored pixels of the edit's region
        Plan admitted = job.plan();
        SourceEdit e = admitted.edit();
        SourceEdit trimmed = new SourceEdit(new Region(e.region().x() + box.x(), e.region().y() + box.y(),
                box.width(), box.height()), e.orientation(), e.storedWidth(), e.storedHeight());
        Plan plan = probe.replanTrimmed(job.spec, trimmed);
        if (area(plan.resizeWidth(), plan.resizeHeight()) > area(admitted.resizeWidth(), admitted.resizeHeight())
                || area(plan.canvasWidth(), plan.canvasHeight())
                > area(admitted.canvasWidth(), admitted.canvasHeight())) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "the trimmed image (%dx%d) would make a %dx%d thumbnail, larger than the %dx%d the render was "
                            + "admitted for; give both w and h with trim", plan.sourceWidth(), plan.sourceHeight(),
                    plan.canvasWidth(), plan.canvasHeight(), admitted.canvasWidth(), admitted.canvasHeight()));
        }
        job.plan = plan;
    }

    private static long area(int w, int h) {
        return (long) w * h;
    }
}
