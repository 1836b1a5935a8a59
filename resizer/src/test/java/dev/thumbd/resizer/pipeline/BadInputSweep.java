package dev.thumbd.resizer.pipeline;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.spec.Crop;
import dev.thumbd.spec.Fit;
import dev.thumbd.spec.Gravity;
import dev.thumbd.spec.OutputFormat;
import dev.thumbd.spec.Rgba;
import dev.thumbd.spec.ThumbnailSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the whole pipeline over the files named on the command line, in this process, and prints one line per file:
 * {@code START <file>} before it, then {@code OK <file> <format> <w>x<h>} or {@code PROBLEM <file> <status> <slug>}.
 * {@link BadInputSweepTest} runs it in a forked JVM, so a native crash is seen as a missing result line that names
 * the file, instead of taking the test JVM down with it.
 */
public final class BadInputSweep {

    private BadInputSweep() {
    }

    public static void main(String[] args) throws Exception {
        ThumbnailPipeline pipeline = ThumbnailPipeline.withDefaults();
        try (Scratch scratch = new Scratch()) {
            for (String a : args) {
                Path p = Path.of(a);
                System.out.println("START " + a);
                System.out.flush();
                ThumbnailSpec spec = new ThumbnailSpec(p.getFileName().toString(), 300, 300, Fit.INSIDE,
                        Gravity.CENTRE, 0.5, 0.5, 1, OutputFormat.WEBP, 0, Rgba.WHITE, false, 0, 0, Crop.NONE, 0, false,
                        0);
                try {
                    Thumbnail t = pipeline.run(Files.readAllBytes(p), spec, FormatChooser.NO_NEGOTIATION, scratch);
                    System.out.println("OK " + a + " " + t.format().token() + " " + t.width() + "x" + t.height());
                } catch (ProblemException e) {
                    System.out.println("PROBLEM " + a + " " + e.type().status() + " " + e.type().slug());
                }
                System.out.flush();
            }
        }
        System.out.println("DONE");
    }
}
