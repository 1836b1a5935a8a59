package dev.thumbd.signing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The keys a deployment signs and verifies with. Several keys are active at once so they can be rotated: add the new
 * key, make it primary (new URLs are signed with it), and retire the old one once no URL signed with it should work
 * any more. A retired key id is remembered so that its URLs are refused with a clear reason, and it can never be
 * active again by mistake.
 */
public final class SigningKeys {

    /** No keys: nothing can be signed, every signed URL is refused. */
    public static final SigningKeys NONE = new SigningKeys(Map.of(), Set.of(), null);

    private final Map<String, SigningKey> active;
    private final Set<String> retired;
    private final @Nullable SigningKey primary;

    private SigningKeys(Map<String, SigningKey> active, Set<String> retired, @Nullable SigningKey primary) {
        this.active = active;
        this.retired = retired;
        this.primary = primary;
    }

    /**
     * @param active     the active keys, at least one; ids unique
     * @param retired    ids that are refused; none of them may be active
     * @param primaryKid the key new signatures use; {@code null} for the first active key
     */
    public static SigningKeys of(Collection<SigningKey> active, Collection<String> retired,
            @Nullable String primaryKid) {
        if (active.isEmpty()) {
            throw new IllegalArgumentException("at least one active signing key is needed");
        }
        Map<String, SigningKey> byId = new LinkedHashMap<>();
        for (SigningKey k : active) {
            if (byId.putIfAbsent(k.kid(), k) != null) {
                throw new IllegalArgumentException("signing key id '" + k.kid() + "' is configured twice");
            }
            if (retired.contains(k.kid())) {
                throw new IllegalArgumentException("signing key '" + k.kid() + "' is both active and retired");
            }
        }
        @Nullable SigningKey primary = primaryKid == null ? byId.values().iterator().next() : byId.get(primaryKid);
        if (primary == null) {
            throw new IllegalArgumentException("the primary signing key '" + primaryKid + "' is not an active key");
        }
        return new SigningKeys(Map.copyOf(byId), Set.copyOf(retired), primary);
    }

    /**
     * Keys as configured ({@code thumbd.signing.keys.<kid>=<secret>}, {@code .retired}, {@code .primary}): the same
     * properties for every part of thumbd that signs or verifies.
     *
     * @return {@link #NONE} when no key is configured
     */
    public static SigningKeys fromSecrets(Map<String, String> secrets, Collection<String> retired,
            @Nullable String primaryKid) {
        if (secrets.isEmpty()) {
            return NONE;
        }
        List<SigningKey> active = new java.util.ArrayList<>();
        secrets.forEach((kid, secret) -> active.add(SigningKey.of(kid, secret)));
        return of(active, retired, primaryKid);
    }

    /**
     * Keys from their text form, as in the {@code THUMBD_SIGNING_KEYS} environment variable:
     * {@code kid=secret[,kid=secret...]} (secrets cannot contain commas; base64 never does).
     *
     * @param retiredCsv comma-separated retired key ids, may be empty
     */
    public static SigningKeys parse(String keys, String retiredCsv, @Nullable String primaryKid) {
        List<SigningKey> active = new java.util.ArrayList<>();
        for (String entry : keys.split(",")) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (e.isEmpty()) {
                continue;
            }
            if (eq <= 0) {
                throw new IllegalArgumentException("signing keys are kid=secret pairs separated by commas");
            }
            active.add(SigningKey.of(e.substring(0, eq), e.substring(eq + 1)));
        }
        List<String> retired = java.util.Arrays.stream(retiredCsv.split(",")).map(String::strip)
                .filter(r -> !r.isEmpty()).toList();
        return of(active, retired, primaryKid);
    }

    public boolean isEmpty() {
        return active.isEmpty();
    }

    public Optional<SigningKey> active(String kid) {
        return Optional.ofNullable(active.get(kid));
    }

    public boolean isRetired(String kid) {
        return retired.contains(kid);
    }

    /** Every active key (a URL without {@code kid} may be signed with any of them). */
    public List<SigningKey> allActive() {
        return List.copyOf(active.values());
    }

    /** The key new signatures are made with. */
    public SigningKey primary() {
        if (primary == null) {
            throw new IllegalStateException("no signing key is configured");
        }
        return primary;
    }
}
