package dev.thumbd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles of deploy/docker read against the rest of the repository: base images are build arguments with
 * pinned public defaults, the runtime is cut by jlink, the process runs as a non-root user with the JVM flags of
 * {@code ./thumbd} and the codec packages it installs, and {@code .dockerignore} keeps local data, secrets and build
 * output out of the context while letting in what the images copy. deploy/smoke/run.sh builds them for real.
 */
class ImagesTest {

    private static final Path ROOT = RepoFiles.ROOT;

    private static String dockerfile(String service) throws IOException {
        return Files.readString(ROOT.resolve("deploy/docker/" + service + ".Dockerfile"));
    }

    private static String thumbdScript() throws IOException {
        return Files.readString(ROOT.resolve("thumbd"));
    }

    /** A shell array or variable of ./thumbd, e.g. {@code RUNTIME_PACKAGES=(a b c)} or {@code NAME="..."}. */
    private static String scriptValue(String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + name + "=[(\"]([^)\"]*)[)\"]").matcher(thumbdScript());
        assertThat(m.find()).as(name + " in ./thumbd").isTrue();
        return m.group(1).strip();
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1).strip();
    }

    private static String env(String dockerfile, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(m.find()).as(name + " in the image's ENV").isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resizer", "gateway"})
    void baseImagesAreBuildArgumentsWithPinnedPublicDefaults(String service) throws IOException {
        String file = dockerfile(service);
        List<String> froms = new ArrayList<>();
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(file);
        while (from.find()) {
            froms.add(from.group(1));
        }
        assertThat(froms).as("every stage starts from a build argument").isNotEmpty()
                .allSatisfy(f -> assertThat(f).matches("\\$\\{[A-Z_]+}"));
        for (String f : froms) {
            String arg = f.substring(2, f.length() - 1);
            Matcher def = Pattern.compile("(?m)^ARG " + arg + "=(\\S+)").matcher(file);
            assertThat(def.find()).as(arg + " has a default").isTrue();
            assertThat(RepoFiles.pinned(def.group(1))).as(arg + "=" + def.group(1) + " is pinned").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resizer", "gateway"})
    void theRuntimeIsCutByJlinkAndRunsAsANonRootUser(String service) throws IOException {
        String file = dockerfile(service);
        assertThat(file).containsPattern("(?m)^RUN jlink --add-modules \"\\$JAVA_MODULES\"");
        assertThat(file).contains("COPY --from=jre /jre /opt/java/openjdk");
        assertThat(Files.readString(ROOT.resolve("deploy/docker/entrypoint.sh"))).contains("/opt/java/openjdk/bin/java");
        Matcher modules = Pattern.compile("(?m)^ARG JAVA_MODULES=(\\S+)").matcher(file);
        assertThat(modules.find()).isTrue();
        List<String> list = Arrays.asList(modules.group(1).split(","));
        // the agent needs java.instrument; Spring java.sql, java.management and java.desktop (java.beans); Netty
        // jdk.unsupported
        assertThat(list).contains("java.base", "java.instrument", "java.sql", "java.management", "java.desktop",
                "jdk.unsupported", "java.naming");
        if (service.equals("resizer")) {
            assertThat(list).as("the Vector API kernels").contains("jdk.incubator.vector");
        }
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(file);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertThat(last).as("the last USER").isNotNull().doesNotStartWith("root").doesNotStartWith("0");
        assertThat(last.split(":")[0]).as("numeric, so runAsNonRoot can verify it").matches("[1-9][0-9]*");
    }

    @Test
    void theResizerImageRunsTheJvmAsThumbdRunsItWithTheCodecPackages() throws IOException {
        String file = dockerfile("resizer");
        String flags = pomProperty("thumbd.jvm.modules") + " " + pomProperty("thumbd.jvm.native") + " "
                + scriptValue("SERVICE_JAVA_OPTS");
        assertThat(env(file, "JAVA_OPTS")).isEqualTo(flags).contains("-XX:TrimNativeHeapInterval=500");
        assertThat(file).contains("MALLOC_ARENA_MAX=2");
        for (String pkg : scriptValue("RUNTIME_PACKAGES").split("\\s+")) {
            assertThat(file).as("installs " + pkg).containsPattern("\\b" + Pattern.quote(pkg) + "\\b");
        }
    }

    @Test
    void theGatewayImageRunsTheJvmAsThumbdRunsIt() throws IOException {
        assertThat(env(dockerfile("gateway"), "JAVA_OPTS"))
                .isEqualTo(pomProperty("thumbd.jvm.native") + " " + scriptValue("GATEWAY_JAVA_OPTS"));
    }

    @Test
    void dockerignoreKeepsLocalStateOutAndLetsInWhatTheImagesCopy() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(lines).contains(".git", ".env", "data/", "cache/", "**/target/");
        for (String service : List.of("resizer", "gateway")) {
            Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile(service));
            while (copy.find()) {
                String source = copy.group(1);
                if (source.contains("target/")) {
                    assertThat(lines).as(source + " is let back in").containsAnyOf("!" + source, "!" + source + "/");
                }
            }
        }
    }
}
