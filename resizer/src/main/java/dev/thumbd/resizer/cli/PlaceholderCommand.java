package dev.thumbd.resizer.cli;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.resizer.placeholder.Placeholder;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code thumbd placeholder IN... [--crop --rotate --flip --flop --frame]}: the placeholder of each image as
 * {@code /v1/info?placeholder=true} gives it (ThumbHash in base64, dominant colour, the size it was made from), one
 * line each. The image form is {@code thumbd resize IN --fmt lqip}.
 */
final class PlaceholderCommand {

    /** The spec parameters a placeholder takes. */
    private static final Set<String> SPEC_OPTIONS = Set.of("crop", "rotate", "flip", "flop", "frame");
    private static final Set<String> FLAGS = Set.of("help", "no-native");
    private static final Set<String> VALUED = Set.of("crop", "rotate", "flip", "flop", "frame", "max-pixels");

    private final PrintStream out;
    private final PrintStream err;

    PlaceholderCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Arguments a = new Arguments(args, FLAGS, VALUED);
        if (a.has("help") || a.operands().isEmpty()) {
            out.println(usage());
            return a.has("help") ? 0 : 2;
        }
        List<Path> inputs = ResizeCommand.expand(a.operands());
        Map<String, String> params = a.subset(SPEC_OPTIONS);
        try {
            ThumbnailSpec.parse(SpecQuery.of(params, "check"));
        } catch (ProblemException e) {
            throw new UsageException(e.getMessage());
        }
        ThumbnailPipeline pipeline = EngineOptions.from(a).pipeline(err);
        int failed = 0;
        try (Scratch scratch = new Scratch()) {
            for (Path in : inputs) {
                try {
                    ThumbnailSpec of = ThumbnailSpec.parse(SpecQuery.of(params, in.getFileName().toString()));
                    Placeholder p = pipeline.placeholder(Files.readAllBytes(in), of, null, scratch);
                    out.printf(Locale.ROOT, "%s  thumbhash=%s  dominant=%s  %dx%d%n", in, p.thumbHashBase64(),
                            p.dominantHex(), p.width(), p.height());
                } catch (ProblemException e) {
                    err.printf(Locale.ROOT, "%s: %s (%d %s): %s%n", in, e.type().slug(), e.type().status(),
                            e.type().title(), e.detail());
                    failed++;
                } catch (IOException e) {
                    err.println(in + ": " + e.getMessage());
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static String usage() {
        return """
                usage: thumbd placeholder IN... [options]   the ThumbHash and dominant colour of each image
                  --crop X,Y,W,H --rotate 90|180|270 --flip true --flop true --frame N   as on /v1/resize
                  --no-native            use the pure-Java codecs only
                  --max-pixels N         refuse sources over N pixels (default 50000000)
                the same placeholder as an image: thumbd resize IN --fmt lqip""";
    }
}
