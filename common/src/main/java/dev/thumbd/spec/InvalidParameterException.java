package dev.thumbd.spec;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;

import java.util.List;

/**
 * A request parameter that is missing, malformed, out of range, duplicated or unknown
 * ({@link ProblemType#INVALID_PARAMETER}, HTTP 400).
 *
 * <p>Every detail has one shape, after sharp's validation messages:
 * {@code Expected <what> for <param> but received '<value>'}, for example
 * {@code Expected an integer between 1 and 8192 for w but received '0'}. The parameter name and the value come
 * from the request, so both are echoed safely: cut to {@value #ECHO_LIMIT} code points (with {@code ...}), and
 * backslash, quote, control, format (bidi) and separator characters and lone surrogates escaped as {@code \\},
 * {@code \'} and {@code \}{@code uXXXX}.
 */
public final class InvalidParameterException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** How many code points of a received name or value are echoed. */
    static final int ECHO_LIMIT = 64;

    private final String parameter;

    /**
     * @param parameter   the parameter name as received (echoed safely)
     * @param expectation what was expected, e.g. {@code an integer between 1 and 8192}
     * @param received    the value as received (echoed safely)
     */
    public InvalidParameterException(String parameter, String expectation, String received) {
        this(parameter, expectation, List.of(received));
    }

    private InvalidParameterException(String parameter, String expectation, List<String> received) {
        super(ProblemType.INVALID_PARAMETER, detail(echo(parameter), expectation, received));
        this.parameter = echo(parameter);
    }

    /** A parameter given more than once: always an error, never "first wins". */
    static InvalidParameterException duplicate(String parameter, List<String> values) {
        return new InvalidParameterException(parameter, "a single value", values.isEmpty() ? List.of("") : values);
    }

    /**
     * The parameter name, safe to show: for known parameters exactly the name, for unknown ones the received name
     * escaped and cut like the value.
     */
    public String parameter() {
        return parameter;
    }

    private static String detail(String parameter, String expectation, List<String> received) {
        StringBuilder sb = new StringBuilder("Expected ").append(expectation)
                .append(" for ").append(parameter).append(" but received ");
        int shown = Math.min(received.size(), 2);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(" and ");
            }
            sb.append('\'').append(echo(received.get(i))).append('\'');
        }
        if (received.size() > shown) {
            sb.append(" and ").append(received.size() - shown).append(" more");
        }
        return sb.toString();
    }

    /** The value cut to {@link #ECHO_LIMIT} code points and escaped, so that it cannot forge log lines or text. */
    static String echo(String value) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            if (count == ECHO_LIMIT) {
                return sb.append("...").toString();
            }
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            count++;
            appendEscaped(sb, cp);
        }
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, int cp) {
        if (cp == '\\' || cp == '\'') {
            sb.append('\\').appendCodePoint(cp);
        } else if (needsEscape(cp)) {
            for (char c : Character.toChars(cp)) {
                sb.append(String.format("\\u%04X", (int) c));
            }
        } else {
            sb.appendCodePoint(cp);
        }
    }

    private static boolean needsEscape(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
