package dev.thumbd.resizer.cli;

import dev.thumbd.resizer.codec.Codecs;
import dev.thumbd.resizer.kernel.Resamplers;
import java.io.PrintStream;

/** {@code thumbd codecs}: which library serves each format on this machine, and the resize kernel in use. */
final class CodecsCommand {

    private final PrintStream out;

    CodecsCommand(PrintStream out) {
        this.out = out;
    }

    int run() {
        out.println(Resamplers.describe());
        Codecs.detect(true).report().forEach(out::println);
        return 0;
    }
}
