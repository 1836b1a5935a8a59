package dev.thumbd.spec;

/**
 * An integer parameter with an inclusive range. The accepted spelling is ASCII digits only (leading zeros allowed,
 * no sign, no spaces), at most nine of them.
 */
record IntegerRule(String parameter, int min, int max) {
    private static final int MAX_DIGITS = 9;

    String expectation() {
        return "an integer between " + min + " and " + max;
    }

    /** Parses a request value. */
    int parse(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_DIGITS || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(raw);
        }
        return check(Integer.parseInt(raw), raw);
    }

    /** Checks a typed value, as the builder and the record constructor give it. */
    int check(int value) {
        return check(value, Integer.toString(value));
    }

    private int check(int value, String received) {
        if (value < min || value > max) {
            throw invalid(received);
        }
        return value;
    }

    private InvalidParameterException invalid(String received) {
        return new InvalidParameterException(parameter, expectation(), received);
    }
}
