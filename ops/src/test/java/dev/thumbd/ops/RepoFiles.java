package dev.thumbd.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository the ops tests check, and its YAML files read the way Compose and Kubernetes read them. */
public final class RepoFiles {

    /** The repository root (the tests run in {@code ops/}). */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private RepoFiles() {
    }

    /** The project's version ({@code thumbd-parent} in pom.xml), which the thumbd images are tagged with. */
    public static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>thumbd-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no thumbd-parent version in pom.xml");
        }
        return m.group(1);
    }

    /**
     * Whether an image reference names a release: a tag that is not {@code latest} (a digest counts too), so that
     * pulling it twice gives the same image.
     */
    public static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash && !image.substring(colon + 1).isBlank() && !image.endsWith(":latest");
    }

    /** One YAML document as maps and lists, anchors and aliases resolved (docker-compose.yml uses them). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        return new Yaml(options).load(Files.readString(file));
    }
}
