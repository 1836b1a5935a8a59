package dev.thumbd.resizer.pipeline;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.kernel.Resamplers;
import dev.thumbd.spec.QueryString;
import dev.thumbd.spec.ThumbnailSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a forked JVM by {@link PeakHeapTest}: renders one thumbnail with no more free heap than its estimate.
 *
 * <p>Arguments: the source file, the query, and a fraction of the estimate. After warming the pipeline up on the same
 * source, it collects, then fills the old generation with a ballast array until only {@code fraction x} the render's
 * estimated heap (plus a small slack for the collector's own rounding) is free, and renders. The JVM runs with a tiny
 * young generation and {@code -XX:+ExitOnOutOfMemoryError}: if the render holds more at once than that, the process
 * ends with an OutOfMemoryError instead of printing {@code RENDERED}.
 */
public final class PeakHeapWorkload {

    /** Free heap beyond the estimate: what the collector rounds, and the small objects of the JVM itself. */
    static final long SLACK = 2L << 20;

    private PeakHeapWorkload() {
    }

    public static void main(String[] args) throws Exception {
        byte[] source = Files.readAllBytes(Path.of(args[0]));
        ThumbnailSpec spec = ThumbnailSpec.parse(QueryString.decode("src=x&" + args[1]));
        double fraction = Double.parseDouble(args[2]);
        ThumbnailPipeline pipeline = new ThumbnailPipeline(Codecs.detect(true), Resamplers.preferred(),
                PipelineSettings.defaults(), SharedDecodes.NONE, MemoryGate.UNLIMITED);
        RenderCost cost = pipeline.estimate(source, spec, FormatChooser.NO_NEGOTIATION);
        ThumbnailSpec small = ThumbnailSpec.parse(QueryString.decode("src=x&w=64"));
        // a scratch that keeps slots of up to 64 MB: what the render holds then depends on it letting go of images
        try (Scratch scratch = new Scratch()) {
            for (int i = 0; i < 3; i++) {
                pipeline.run(source, small, FormatChooser.NO_NEGOTIATION, scratch);
            }
            MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getName().equals("Tenured Gen")).findFirst().orElseThrow();
            System.gc();
            long free = old.getUsage().getMax() - old.getUsage().getUsed();
            long room = (long) (cost.heapBytes() * fraction) + SLACK;
            byte[] ballast = new byte[(int) Math.max(0, free - room)];
            System.gc();
            System.out.printf("ESTIMATE %d ROOM %d FREE %d%n", cost.heapBytes(), room,
                    old.getUsage().getMax() - old.getUsage().getUsed());
            pipeline.run(source, spec, FormatChooser.NO_NEGOTIATION, scratch);
            System.out.println("RENDERED " + ballast.length);
        }
    }
}
