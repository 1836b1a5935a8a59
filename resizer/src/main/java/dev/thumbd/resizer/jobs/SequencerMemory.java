package dev.thumbd.resizer.jobs;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The last S3 event {@code sequencer} handled per object key, shared by whoever handles bucket events:
 * {@link RedisSequencerMemory} (every replica of one Redis) or {@link JournaledSequencerMemory} (one process, kept
 * across restarts beside the embedded queue). Sequencers of one key are compared as S3 says
 * ({@link #compare}): the shorter left-padded with zeros, then as text.
 */
public interface SequencerMemory {

    /** A key advanced to {@code sequencer} from {@code previous} (null: the key was not remembered). */
    record Claim(String key, String sequencer, @Nullable String previous) {
    }

    /**
     * In one atomic step: when {@code sequencer} is greater than the one remembered for {@code key} (or none is),
     * remembers it and answers the claim; else answers empty (a duplicate, or an older event arriving late). Of two
     * callers advancing a key to the same sequencer at once, one gets the claim.
     */
    Mono<Claim> advance(String key, String sequencer);

    /**
     * Gives a claim back when its record's handling failed, so a redelivery is handled: when the key still
     * remembers the claim's sequencer, it goes back to the previous one (or is forgotten). A key advanced further
     * since is left alone.
     */
    Mono<Void> release(Claim claim);

    /** S3's order of two sequencers of one key: the shorter left-padded with zeros, then compared as text. */
    static int compare(String a, String b) {
        int n = Math.max(a.length(), b.length());
        return padded(a, n).compareToIgnoreCase(padded(b, n));
    }

    /** {@code s} left-padded with zeros to {@code n} characters (null: empty). */
    static String padded(@Nullable String s, int n) {
        String v = s == null ? "" : s;
        return v.length() >= n ? v : "0".repeat(n - v.length()) + v;
    }
}
