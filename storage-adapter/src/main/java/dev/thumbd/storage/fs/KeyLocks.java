package dev.thumbd.storage.fs;

import dev.thumbd.key.ObjectKey;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Striped read-write locks by key: a commit (condition check and the two renames) holds the write lock, reading
 * an object's metadata and opening its file hold the read lock. Only short, bounded work runs under a lock, never
 * the streaming of a body. Distinct keys may share a stripe; that only costs a little contention.
 */
final class KeyLocks {
    private static final int STRIPES = 64;

    private final ReadWriteLock[] locks = new ReadWriteLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    ReadWriteLock of(ObjectKey key) {
        return locks[Math.floorMod(key.hashCode() * 0x9E3779B9, STRIPES)];
    }
}
