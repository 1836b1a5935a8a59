package dev.thumbd.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.problem.ProblemType;
import dev.thumbd.spec.ParsedQuery;
import dev.thumbd.spec.SpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The published vectors ({@code docs/signing/signing-vectors.json}, made by the independent Python signer next to
 * it) against the Java implementation: canonical query, signed string, signature, acceptance, and every refusal.
 */
class SigningVectorsTest {

    private static final JsonNode DOC = new ObjectMapper().readTree(
            Path.of("..", "docs", "signing", "signing-vectors.json").toFile());
    private static final SpecParser PARSER = SpecParser.standard();

    private static SigningKeys keys() {
        List<SigningKey> active = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : DOC.get("keys").properties()) {
            active.add(SigningKey.of(e.getKey(), e.getValue().asString()));
        }
        List<String> retired = DOC.get("retired").valueStream().map(JsonNode::asString).toList();
        return SigningKeys.of(active, retired, null);
    }

    private static SignatureVerifier verifierAt(long epochSecond) {
        return new SignatureVerifier(keys(), Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @TestFactory
    Stream<DynamicTest> everyVectorSignsAndVerifies() {
        return DOC.get("vectors").valueStream().map(v -> DynamicTest.dynamicTest(v.get("name").asString(), () -> {
            String path = v.get("path").asString();
            ParsedQuery q = PARSER.parse(v.get("query").asString());
            assertThat(q.spec().canonicalQuery()).isEqualTo(v.get("canonicalQuery").asString());
            OptionalLong exp = v.has("exp") ? OptionalLong.of(v.get("exp").asLong()) : OptionalLong.empty();
            Optional<String> kid = v.has("kid") ? Optional.of(v.get("kid").asString()) : Optional.empty();
            String signed = SignedString.of(path, q.spec().canonicalQuery(), exp, kid);
            assertThat(signed).isEqualTo(v.get("signedString").asString());
            SigningKey key = keys().active(v.get("signWith").asString()).orElseThrow();
            assertThat(UrlSigner.signature(key, signed)).isEqualTo(v.get("sig").asString());
            if (kid.isPresent() && kid.get().equals(key.kid())) {
                SigningKeys primary = SigningKeys.of(keys().allActive(), List.of("k0"), key.kid());
                assertThat(new UrlSigner(primary).signedQuery(path, q.spec(), exp))
                        .isEqualTo(v.get("signedQuery").asString());
            }
            ParsedQuery received = PARSER.parse(v.get("signedQuery").asString());
            verifierAt(1_767_225_600L).verify(path, received.spec(), received.signing());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRefusalIsRefused() {
        JsonNode vectors = DOC.get("vectors");
        return DOC.get("refused").valueStream().map(r -> DynamicTest.dynamicTest(r.get("name").asString(), () -> {
            String query = vectors.get(r.get("from").asInt()).get("signedQuery").asString();
            JsonNode replace = r.get("replace");
            if (!replace.isEmpty()) {
                assertThat(query).contains(replace.get(0).asString());
                query = query.replace(replace.get(0).asString(), replace.get(1).asString());
            }
            ParsedQuery received = PARSER.parse(query);
            SignatureVerifier verifier = verifierAt(r.get("at").asLong());
            assertThatThrownBy(() -> verifier.verify(r.get("path").asString(), received.spec(), received.signing()))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_SIGNATURE));
        }));
    }
}
