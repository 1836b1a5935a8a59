package dev.thumbd.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.thumbd.spec.InvalidParameterException;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random keys built from hostile fragments (dot segments, separators, single and double percent-escapes, overlong
 * UTF-8, NUL, control and bidi characters): every key the validator accepts stays inside the root it is resolved
 * against, both segment by segment and when a caller resolves the whole string and normalizes.
 */
class ObjectKeyPropertyTest {
    private static final List<String> FRAGMENTS = List.of(
            "a", "b", "cat.jpg", "é", "😀", "~", " ", "+", "-", "_", ".", "..", "...", "/", "//", "\\", "%",
            "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "%25", "%252e", "%252f", "%00", "\u0000", "%0a", "\n", "\r",
            "%C0%AE", "%C0%AF", "%E0%80%AE", "%c3%a9", "%F0%9F%98%80", "%ff", "%zz", "%2", ":", "C:", "\u202E",
            "\uFEFF", "\uD800", "\u2024", "\uFF0E", "%u002e", "..%2f", "%2e%2e%2f", "x".repeat(200));

    @Test
    void acceptedKeysStayInsideTheRoot() {
        Random random = new Random(0x7ee1dL);
        Path root = Path.of("/srv/thumbd/data").toAbsolutePath().normalize();
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            String raw = randomKey(random);
            ObjectKey key;
            try {
                key = ObjectKey.parse(raw);
            } catch (InvalidParameterException e) {
                assertThat(e.detail()).as(raw).matches("(?s)Expected [^']+ for src but received '.*'");
                continue;
            }
            accepted++;
            Path bySegment = key.resolveIn(root);
            Path whole = root.resolve(key.value()).normalize();
            assertThat(bySegment).as(raw).isEqualTo(whole);
            if (!whole.startsWith(root) || whole.equals(root)) {
                fail("'%s' escaped %s as %s", raw, root, whole);
            }
            assertThat(key.value()).as(raw).doesNotContain("%", "\\", "\u0000").doesNotStartWith("/");
            assertThat(ObjectKey.parse(key.value())).as(raw).isEqualTo(key);
        }
        assertThat(accepted).as("the generator must produce valid keys too").isGreaterThan(1_000);
    }

    private static String randomKey(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) == 0) {
                sb.append(FRAGMENTS.get(random.nextInt(6)));
            } else {
                sb.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
        }
        return sb.toString();
    }
}
