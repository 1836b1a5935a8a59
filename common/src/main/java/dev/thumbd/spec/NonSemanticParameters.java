package dev.thumbd.spec;

import java.util.Collection;
import java.util.Set;

/**
 * Query parameters that do not change the thumbnail and are dropped before anything else looks at the query:
 * every name starting with {@value #TRACKING_PREFIX}, and the configured {@code names} (by default
 * {@code fbclid}, {@code gclid}, {@code mc_cid}, {@code mc_eid} and the cache buster {@code _}). Dropped
 * parameters are not validated, not signed and not part of the fingerprint, but a dropped name given twice is still
 * a duplicate (an error), like any other.
 *
 * <p>Gateway and resizer must be configured with the same value, or they will disagree about which requests are
 * valid. A spec or signing parameter can never be declared non-semantic.
 *
 * @param names exact, case-sensitive names dropped besides the {@value #TRACKING_PREFIX} prefix
 */
public record NonSemanticParameters(Set<String> names) {
    /** Analytics campaign parameters ({@code utm_source}, {@code utm_medium}, ...). */
    public static final String TRACKING_PREFIX = "utm_";

    /** The click ids of common ad and mail platforms, and {@code _} as jQuery's cache buster. */
    public static final NonSemanticParameters DEFAULT =
            new NonSemanticParameters(Set.of("fbclid", "gclid", "mc_cid", "mc_eid", "_"));

    public NonSemanticParameters {
        names = Set.copyOf(names);
        for (String name : names) {
            if (name.isEmpty() || ParameterName.isSpec(name) || ParameterName.isSigning(name)) {
                throw new IllegalArgumentException("'" + name + "' cannot be a non-semantic parameter");
            }
        }
    }

    /** Only the {@value #TRACKING_PREFIX} prefix and these names are dropped. */
    public static NonSemanticParameters of(Collection<String> names) {
        return new NonSemanticParameters(Set.copyOf(names));
    }

    /** Whether the parameter is dropped. */
    public boolean isDropped(String name) {
        return name.startsWith(TRACKING_PREFIX) || names.contains(name);
    }
}
