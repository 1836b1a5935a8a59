package dev.thumbd.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository the ops tests check, and its YAML files read the way Compose and Kubernetes read them. */
public final class RepoFiles {

    /** The repository root (the tests run in {@code ops/}). */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private RepoFiles() {
    }

    /** One YAML document as maps and lists, anchors and aliases resolved (docker-compose.yml uses them). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        return new Yaml(options).load(Files.readString(file));
    }
}
