package dev.thumbd.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples in docs/SPEC.md and README.md, so that the pages cannot drift from the code. */
class DocumentedExamplesTest {
    private static final Pattern README_URL = Pattern.compile("^/v1/resize\\?(\\S+)");

    /** Every one-line example of README.md's "More URL operations" is a valid request, as written. */
    @Test
    void readmeExamplesParse() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int parsed = 0;
        for (String line : lines) {
            Matcher m = README_URL.matcher(line);
            if (m.find()) {
                assertThat(SpecParser.standard().parse(m.group(1)).spec().source()).isNotBlank();
                parsed++;
            }
        }
        assertThat(parsed).as("README.md's URL examples").isGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "w=300&src=photos/cat.jpg&fmt=JPG&utm_source=x | fmt=jpeg&src=photos/cat.jpg&w=300",
            "src=a&dpr=2.00&gravity=centre&fit=cover&bg=%23FFF | dpr=2&src=a",
            "src=my+photos/caf%C3%A9.jpg&fx=0.30 | fx=0.3&gravity=focal&src=my%20photos/caf%C3%A9.jpg",
            "src=a&enlarge=1&bg=000000ff&sig=x&kid=k1 | bg=000000&enlarge=true&src=a",
            "src=clip.gif&frame=007&w=200 | frame=7&src=clip.gif&w=200",
            "src=a&crop=0010,20,300,200&flip=true | crop=10%2C20%2C300%2C200&flop=true&rotate=180&src=a",
            "src=a&rotate=270&flip=1&flop=1 | rotate=90&src=a",
            "src=a&fmt=LQIP&flip=1&fit=cover | flop=true&fmt=lqip&rotate=180&src=a",
            "src=a&w=300&wm=brand/logo.png&wm_gravity=SouthEast&wm_x=010&wm_opacity=0.50"
                    + " | src=a&w=300&wm=brand/logo.png&wm_gravity=southeast&wm_opacity=0.5&wm_x=10",
            "src=a&wm=logo.png&wm_gravity=centre&wm_y=0&wm_opacity=1.0 | src=a&wm=logo.png"})
    void canonicalQueries(String request, String canonical) {
        assertThat(SpecParser.standard().parse(request).spec().canonicalQuery()).isEqualTo(canonical);
    }

    @Test
    void fingerprintTestVector() {
        // Independently computed with: printf '%s' 'fmt=jpeg&src=photos/cat.jpg&w=300' | sha256sum
        String hex = "79244f82ae301e8a0c0e8144386d55e8c1fb30d643b6e3965016dd16cc040b67";
        for (String request : new String[] {
                "w=300&src=photos/cat.jpg&fmt=jpg",
                "fmt=JPEG&w=0300&src=photos%2Fcat.jpg&utm_medium=mail"}) {
            Fingerprint f = SpecParser.standard().parse(request).spec().fingerprint();
            assertThat(f.hex()).isEqualTo(hex);
            assertThat(f.base64Url()).isEqualTo("eSRPgq4wHooMDoFEOG1V6MH7MNZDtuOWUBbdFswEC2c");
        }
    }
}
