package dev.thumbd.spec;

import java.math.BigDecimal;

/**
 * A decimal parameter with an inclusive range and a limit on decimal places (counted after trailing zeros are
 * removed, so {@code 2.00} is {@code 2}). The accepted spelling is ASCII digits with an optional {@code .} and
 * more digits: no sign, no exponent, no {@code NaN}, at most {@value #MAX_LENGTH} characters.
 */
record DecimalRule(String parameter, BigDecimal min, BigDecimal max, int maxScale) {
    private static final int MAX_LENGTH = 32;

    DecimalRule(String parameter, String min, String max, int maxScale) {
        this(parameter, new BigDecimal(min), new BigDecimal(max), maxScale);
    }

    String expectation() {
        return "a number between " + min.toPlainString() + " and " + max.toPlainString()
                + " with at most " + maxScale + " decimal places";
    }

    /** Parses a request value. */
    double parse(String raw) {
        if (!wellFormed(raw)) {
            throw invalid(raw);
        }
        return check(new BigDecimal(raw), raw);
    }

    /** Checks a typed value, as the builder and the record constructor give it. */
    double check(double value) {
        if (!Double.isFinite(value)) {
            throw invalid(Double.toString(value));
        }
        BigDecimal exact = BigDecimal.valueOf(value);
        return check(exact, format(value));
    }

    private double check(BigDecimal value, String received) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0
                || value.stripTrailingZeros().scale() > maxScale) {
            throw invalid(received);
        }
        return value.doubleValue() + 0.0;
    }

    /** The canonical spelling: plain notation, no trailing zeros, no trailing dot ({@code 2.50} is {@code 2.5}). */
    static String format(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    private static boolean wellFormed(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
            return false;
        }
        int dot = raw.indexOf('.');
        String whole = dot < 0 ? raw : raw.substring(0, dot);
        String fraction = dot < 0 ? "1" : raw.substring(dot + 1);
        return digits(whole) && digits(fraction);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private InvalidParameterException invalid(String received) {
        return new InvalidParameterException(parameter, expectation(), received);
    }
}
