package dev.thumbd.resizer.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of the {@code thumbd} command line (fronted by the {@code ./thumbd} launcher, which supplies the JVM
 * flags). Sub-commands: {@code resize}, {@code placeholder}, {@code codecs} and {@code sign}.
 */
public final class ThumbdCommand {

    private ThumbdCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a sub-command and returns the process exit code (0 ok, 1 some inputs failed, 2 usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: thumbd resize IN... [options] | thumbd placeholder IN... [options] | thumbd codecs"
                    + " | thumbd sign URL [options]");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "resize" -> new ResizeCommand(out, err).run(rest);
                case "placeholder" -> new PlaceholderCommand(out, err).run(rest);
                case "codecs" -> new CodecsCommand(out).run();
                case "sign" -> new SignCommand(out, System.getenv(), java.time.Clock.systemUTC()).run(rest);
                default -> {
                    err.println("thumbd: unknown command '" + args[0] + "'");
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("thumbd " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }
}
