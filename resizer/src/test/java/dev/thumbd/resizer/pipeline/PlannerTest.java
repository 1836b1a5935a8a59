package dev.thumbd.resizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.image.Region;
import dev.thumbd.spec.Crop;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.Gravity;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.Rgba;
import dev.thumbd.spec.ThumbnailSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlannerTest {

    private final Planner planner = new Planner();

    static ThumbnailSpec spec(int w, int h, Fit fit, Gravity gravity, double dpr, boolean enlarge) {
        return new ThumbnailSpec("s.jpg", w, h, fit, gravity, 0.5, 0.5, dpr, OutputFormat.AUTO, 0, Rgba.WHITE,
                enlarge, 0, 0, Crop.NONE, 0, false, 0);
    }

    static ThumbnailSpec spec(int w, int h, Fit fit) {
        return spec(w, h, fit, Gravity.CENTRE, 1, false);
    }

    @ParameterizedTest(name = "{0}x{1} into {2}x{3} {4} -> {5}x{6}")
    @CsvSource({
            // source, box, fit, resized size
            "2725, 2225, 300, 300, INSIDE, 300, 245",
            "2725, 2225, 300, 300, CONTAIN, 300, 245",
            "2725, 2225, 300, 300, COVER, 367, 300",
            "2725, 2225, 300, 300, OUTSIDE, 367, 300",
            "2725, 2225, 300, 300, FILL, 300, 300",
            "3024, 4032, 300, 300, INSIDE, 225, 300",
            "1920, 1080, 300, 0, COVER, 300, 169",
            "1920, 1080, 0, 100, COVER, 178, 100",
    })
    void resizedSizeFollowsFit(int sw, int sh, int w, int h, Fit fit, int rw, int rh) {
        Plan p = planner.plan(spec(w, h, fit), sw, sh);
        assertThat(p.resizeWidth()).isEqualTo(rw);
        assertThat(p.resizeHeight()).isEqualTo(rh);
    }

    @Test
    void coverCropsToTheBoxAtGravity() {
        Plan centre = planner.plan(spec(300, 300, Fit.COVER), 2725, 2225);
        assertThat(centre.crop()).isEqualTo(new Region(34, 0, 300, 300));
        assertThat(centre.canvasWidth()).isEqualTo(300);
        assertThat(centre.canvasHeight()).isEqualTo(300);
        Plan east = planner.plan(spec(300, 300, Fit.COVER, Gravity.EAST, 1, false), 2725, 2225);
        assertThat(east.crop().x()).isEqualTo(67);
        Plan west = planner.plan(spec(300, 300, Fit.COVER, Gravity.NORTH_WEST, 1, false), 2725, 2225);
        assertThat(west.crop().x()).isZero();
        assertThat(west.crop().y()).isZero();
    }

    @Test
    void focalPointSitsInTheMiddleOfTheCropUnlessClamped() {
        ThumbnailSpec s = new ThumbnailSpec("s", 100, 100, Fit.COVER, Gravity.FOCAL, 0.75, 0.1, 1, OutputFormat.AUTO, 0,
                Rgba.WHITE, false, 0, 0, Crop.NONE, 0, false, 0);
        Plan p = planner.plan(s, 400, 200);
        // resized 200x100; focal x = 150, window 100 -> starts at 100 (the right edge, slack is 100)
        assertThat(p.resizeWidth()).isEqualTo(200);
        assertThat(p.crop().x()).isEqualTo(100);
        ThumbnailSpec mid = new ThumbnailSpec("s", 100, 100, Fit.COVER, Gravity.FOCAL, 0.6, 0.5, 1,
                OutputFormat.AUTO, 0, Rgba.WHITE, false, 0, 0, Crop.NONE, 0, false, 0);
        assertThat(planner.plan(mid, 400, 200).crop().x()).isEqualTo(70);
    }

    @Test
    void containPadsToTheBox() {
        Plan p = planner.plan(spec(300, 300, Fit.CONTAIN), 2725, 2225);
        assertThat(p.canvasWidth()).isEqualTo(300);
        assertThat(p.canvasHeight()).isEqualTo(300);
        assertThat(p.offsetX()).isZero();
        assertThat(p.offsetY()).isEqualTo(28);
        assertThat(p.pads()).isTrue();
    }

    @Test
    void noEnlargementByDefault() {
        Plan inside = planner.plan(spec(800, 800, Fit.INSIDE), 600, 450);
        assertThat(inside.resizeWidth()).isEqualTo(600);
        assertThat(inside.resizes()).isFalse();
        Plan cover = planner.plan(spec(800, 300, Fit.COVER), 600, 450);
        assertThat(cover.resizeWidth()).isEqualTo(600);
        assertThat(cover.crop()).isEqualTo(new Region(0, 75, 600, 300));
        Plan enlarged = planner.plan(spec(800, 800, Fit.INSIDE, Gravity.CENTRE, 1, true), 600, 450);
        assertThat(enlarged.resizeWidth()).isEqualTo(800);
        assertThat(enlarged.resizeHeight()).isEqualTo(600);
    }

    @Test
    void dprMultipliesTheBox() {
        Plan p = planner.plan(spec(150, 0, Fit.COVER, Gravity.CENTRE, 2, false), 1920, 1080);
        assertThat(p.resizeWidth()).isEqualTo(300);
        assertThat(p.resizeHeight()).isEqualTo(169);
    }

    @ParameterizedTest(name = "{0}x{1} to {2}px leaves shrink {3}")
    @CsvSource({
            "2725, 2225, 300, 4", // 9.08x: 4 leaves 2.27x
            "1920, 1080, 300, 3", // 6.4x: 3 leaves 2.13x (the JPEG decoder then picks 2)
            "600, 450, 300, 1",   // 2x: nothing to spare
            "4032, 3024, 300, 6",
            "20000, 14000, 300, 33",
    })
    void shrinkOnLoadLeavesAtLeastTwoForTheKernel(int sw, int sh, int box, int shrink) {
        Plan p = planner.plan(spec(box, box, Fit.INSIDE), sw, sh);
        assertThat(p.shrinkOnLoad()).isEqualTo(shrink);
        double left = Math.min((double) sw / p.shrinkOnLoad() / p.resizeWidth(),
                (double) sh / p.shrinkOnLoad() / p.resizeHeight());
        assertThat(left).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void fastShrinkOnLoadLeavesLess() {
        Plan p = new Planner(1.0).plan(spec(300, 300, Fit.INSIDE), 2725, 2225);
        assertThat(p.shrinkOnLoad()).isEqualTo(9);
    }

    @Test
    void outputOverTheLimitIsAProblem() {
        assertThatThrownBy(() -> planner.plan(spec(8192, 0, Fit.COVER, Gravity.CENTRE, 4, true), 100, 100))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("16384");
    }

    @Test
    void randomPlansAreConsistent() {
        Random rnd = new Random(42);
        Fit[] fits = Fit.values();
        for (int i = 0; i < 20_000; i++) {
            int sw = 1 + rnd.nextInt(6000);
            int sh = 1 + rnd.nextInt(6000);
            int w = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(2000);
            int h = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(2000);
            Fit fit = fits[rnd.nextInt(fits.length)];
            boolean enlarge = rnd.nextBoolean();
            Plan p;
            try {
                p = planner.plan(spec(w, h, fit, Gravity.values()[rnd.nextInt(9)], 1, enlarge), sw, sh);
            } catch (ProblemException tooLarge) {
                // a single given side on an extreme aspect ratio can ask for more than MAX_OUTPUT_SIDE
                assertThat(tooLarge.getMessage()).contains("limited to");
                continue;
            }
            Region c = p.crop();
            assertThat(c.x() + c.width()).isLessThanOrEqualTo(p.resizeWidth());
            assertThat(c.y() + c.height()).isLessThanOrEqualTo(p.resizeHeight());
            assertThat(p.offsetX() + c.width()).isLessThanOrEqualTo(p.canvasWidth());
            assertThat(p.offsetY() + c.height()).isLessThanOrEqualTo(p.canvasHeight());
            assertThat(p.shrinkOnLoad()).isGreaterThanOrEqualTo(1);
            if (!enlarge) {
                assertThat(p.resizeWidth()).isLessThanOrEqualTo(Math.max(sw, 1));
                assertThat(p.resizeHeight()).isLessThanOrEqualTo(Math.max(sh, 1));
            }
            if (w > 0 && h > 0 && (fit == Fit.COVER || fit == Fit.CONTAIN) && enlarge) {
                assertThat(p.canvasWidth()).isEqualTo(w);
                assertThat(p.canvasHeight()).isEqualTo(h);
            }
        }
    }
}
