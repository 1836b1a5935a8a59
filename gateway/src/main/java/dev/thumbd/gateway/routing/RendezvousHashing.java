package dev.thumbd.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Highest-random-weight (rendezvous) hashing: every replica gets a score for a key, and the key goes to the replica
 * with the highest score, then the next highest when that one is down. Removing a replica moves only the keys it had;
 * adding one takes an even share from every other; every gateway computes the same order with no shared state.
 */
public final class RendezvousHashing {

    private RendezvousHashing() {
    }

    /** The replicas in the order {@code key} should try them. */
    public static <T> List<T> order(String key, List<T> replicas, Function<T, String> id) {
        long k = hash(key);
        List<T> sorted = new ArrayList<>(replicas);
        sorted.sort(Comparator.comparingLong((T r) -> score(k, hash(id.apply(r)))).reversed()
                .thenComparing(id));
        return sorted;
    }

    static long score(long keyHash, long replicaHash) {
        return mix(keyHash ^ replicaHash);
    }

    /** A well-mixed 64-bit hash of a string (for sticky splits that must agree across gateways). */
    public static long hash64(String s) {
        return hash(s);
    }

    /** 64-bit FNV-1a of the UTF-8 bytes, then a finaliser so that similar strings land far apart. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** The MurmurHash3 64-bit finaliser: a bijection with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb1fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
