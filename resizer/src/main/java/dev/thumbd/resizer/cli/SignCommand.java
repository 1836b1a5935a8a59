package dev.thumbd.resizer.cli;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.signing.SigningKeys;
import dev.thumbd.signing.UrlSigner;
import dev.thumbd.spec.ParameterName;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.SpecParser;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code thumbd sign URL [--ttl 1h | --exp UNIX_SECONDS] [--kid K]}: prints the URL signed as in
 * {@code docs/SIGNING.md}, with its query in canonical form. Keys come from the environment, never from the command
 * line (where other users could read them): {@code THUMBD_SIGNING_KEYS=kid=secret[,kid=secret...]}.
 */
final class SignCommand {

    static final String USAGE = "usage: thumbd sign URL [--ttl 30m|1h|7d | --exp UNIX_SECONDS] [--kid KID]"
            + "   (keys: THUMBD_SIGNING_KEYS=kid=secret[,kid=secret...])";

    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;

    SignCommand(PrintStream out, Map<String, String> env, Clock clock) {
        this.out = out;
        this.env = env;
        this.clock = clock;
    }

    int run(String[] args) {
        Arguments a = new Arguments(args, Set.of(), Set.of("ttl", "exp", "kid"));
        if (a.operands().size() != 1) {
            throw new UsageException(USAGE);
        }
        String keysText = env.getOrDefault("THUMBD_SIGNING_KEYS", "");
        if (keysText.isBlank()) {
            throw new UsageException("set THUMBD_SIGNING_KEYS=kid=secret[,kid=secret...] (see docs/SIGNING.md)");
        }
        SigningKeys keys;
        try {
            keys = SigningKeys.parse(keysText, "", a.has("kid") ? a.get("kid", "") : null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String url = a.operands().getFirst();
        int q = url.indexOf('?');
        if (q < 0) {
            throw new UsageException("the URL has no query: " + url);
        }
        String prefix = url.substring(0, q);
        String path = pathOf(prefix);
        ParsedQuery parsed;
        try {
            parsed = SpecParser.standard().parse(url.substring(q + 1));
        } catch (ProblemException e) {
            throw new UsageException(e.detail());
        }
        if (!parsed.signing().isEmpty()) {
            throw new UsageException("the URL already has " + String.join("/", ParameterName.SIGNING) + "; give it unsigned");
        }
        out.println(prefix + "?" + new UrlSigner(keys).signedQuery(path, parsed.spec(), expiry(a)));
        return 0;
    }

    private OptionalLong expiry(Arguments a) {
        if (a.has("ttl") && a.has("exp")) {
            throw new UsageException("give --ttl or --exp, not both");
        }
        if (a.has("exp")) {
            try {
                return OptionalLong.of(Long.parseUnsignedLong(a.get("exp", "")));
            } catch (NumberFormatException e) {
                throw new UsageException("--exp is unix seconds, digits only");
            }
        }
        if (a.has("ttl")) {
            return OptionalLong.of(clock.instant().plus(ttl(a.get("ttl", ""))).getEpochSecond());
        }
        return OptionalLong.empty();
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}, or an ISO-8601 duration ({@code PT1H}). */
    static Duration ttl(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("[0-9]+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.strip());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UsageException("--ttl must look like 90s, 30m, 1h, 7d or PT1H, not '" + text + "'");
        }
    }

    /** The path of {@code https://host/v1/resize} or {@code /v1/resize}. */
    private static String pathOf(String prefix) {
        int scheme = prefix.indexOf("://");
        if (scheme < 0) {
            return prefix;
        }
        int slash = prefix.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : prefix.substring(slash);
    }
}
