package dev.thumbd.gateway.filter;

/** Header and exchange-attribute names the gateway's filters share. */
public final class Headers {

    /** Upstream request header: the request's fingerprint (SHA-256 hex of the canonical query). */
    public static final String FINGERPRINT = "X-Thumbd-Fingerprint";
    /** Response header: the replica ({@code host:port}) that answered. */
    public static final String REPLICA = "X-Thumbd-Replica";
    /** Request header with an API key (or {@code Authorization: Bearer}). */
    public static final String API_KEY = "X-Api-Key";

    /** Exchange attribute: the {@code ParsedQuery} of a {@code /v1/resize} request. */
    public static final String PARSED_QUERY_ATTR = "thumbd.parsedQuery";
    /**
     * Exchange attribute: the fingerprint (hex) of a {@code /v1/resize} request, computed once with its canonical form
     * (it costs a canonical query and a SHA-256, and several filters need it).
     */
    public static final String FINGERPRINT_ATTR = "thumbd.fingerprint";
    /** Exchange attribute: the {@code ParsedQuery} of a {@code /v1/info} request (its source and signing). */
    public static final String INFO_QUERY_ATTR = "thumbd.infoQuery";
    /** Exchange attribute: the replica ({@code host:port}) the request went to. */
    public static final String REPLICA_ATTR = "thumbd.replica";
    /** Exchange attribute: the short id of the API key that authenticated the request. */
    public static final String API_KEY_ID_ATTR = "thumbd.apiKeyId";

    private Headers() {
    }
}
