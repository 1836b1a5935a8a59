package dev.thumbd.resizer.image;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Thread-confined, reusable working memory for one thumbnail at a time: heap arrays for pixels and kernel planes,
 * native segments for codec input and output.
 *
 * <p>Design note: every pipeline step writes into its own {@link Slot}, so a step's input never aliases its output,
 * and the next thumbnail on the same thread reuses the same arrays. During a render slots only grow (a buffer
 * larger than {@link #retainLimitBytes()} is handed out and not kept); when the render ends, {@link #trim()} lets go
 * of the largest buffers, heap and native, until what the scratch keeps is at most {@link #retainLimitBytes()} all
 * slots together. So what a render holds is its own (and admitted by the pixel budget for its duration), and what a
 * worker keeps between renders is bounded by one figure the memory model counts once per worker. A steady stream of
 * similar thumbnails allocates no pixel memory after warm-up (see {@code docs/BENCHMARKS.md},
 * {@code gc.alloc.rate.norm}).
 *
 * <p>Not thread-safe: a worker thread owns one instance. {@link #close()} frees the native memory.
 */
public final class Scratch implements AutoCloseable {

    /** Who owns which buffer. A slot is used by exactly one step of the pipeline. */
    public enum Slot {
        /** Compressed source bytes copied into native memory for a native decoder. */
        SOURCE_NATIVE,
        /** A native decoder's pixel output. */
        DECODE_NATIVE,
        /** Decoded pixels on the heap. */
        DECODED,
        /** The decoded pixels of a crop rectangle ({@code crop}). */
        CROPPED,
        /** The pixels left inside a trimmed border ({@code trim}). */
        TRIMMED,
        /** Output of auto-orientation. */
        ORIENTED,
        /** Output of premultiplying alpha. */
        PREMULTIPLIED,
        /** Output of the integer box shrink. */
        SHRUNK,
        /** Output of the kernel reduce. */
        RESIZED,
        /** Kernel intermediate plane (vertical pass output), floats. */
        KERNEL_PLANE,
        /** Kernel intermediate plane (second pass or transpose), floats. */
        KERNEL_PLANE_2,
        /** Kernel weights, floats. */
        KERNEL_WEIGHTS,
        /** Kernel tap offsets, ints. */
        KERNEL_OFFSETS,
        /** Kernel weights of the second axis while the first axis' are in use, floats. */
        KERNEL_WEIGHTS_2,
        /** Kernel tap offsets of the second axis, ints. */
        KERNEL_OFFSETS_2,
        /** Output of crop, extend and flatten. */
        FINISHED,
        /** Output of blur or sharpen. */
        FILTERED,
        /** Filter intermediate plane, floats. */
        FILTER_PLANE,
        /** The image with an overlay ({@code wm}) laid over it. */
        OVERLAID,
        /** Pixels converted to the layout an encoder needs, on the heap. */
        ENCODE_INPUT,
        /** Pixels handed to a native encoder. */
        ENCODE_NATIVE_IN,
        /** A native encoder's output when the caller provides it (TurboJPEG). */
        ENCODE_NATIVE_OUT
    }

    /**
     * Default cap on what a scratch keeps between thumbnails, all slots together, and on one buffer it keeps: enough
     * for a 16 MP RGBA plane, for one-off tools and benchmarks. The service's workers keep far less
     * ({@code thumbd.memory.scratch-retain}, one of the memory model's shares).
     */
    public static final long DEFAULT_RETAIN_LIMIT_BYTES = 64L << 20;

    private final long retainLimitBytes;
    private final Map<Slot, byte[]> bytes = new EnumMap<>(Slot.class);
    private final Map<Slot, float[]> floats = new EnumMap<>(Slot.class);
    private final Map<Slot, int[]> ints = new EnumMap<>(Slot.class);
    private final Map<Slot, NativeBlock> natives = new EnumMap<>(Slot.class);
    private long nativeAllocated;
    private byte poison;
    private boolean poisoned;
    private boolean closed;

    public Scratch() {
        this(DEFAULT_RETAIN_LIMIT_BYTES);
    }

    public Scratch(long retainLimitBytes) {
        if (retainLimitBytes < 0) {
            throw new IllegalArgumentException("retainLimitBytes must be >= 0");
        }
        this.retainLimitBytes = retainLimitBytes;
    }

    /** The most this scratch keeps between renders, all slots together (and the largest buffer a slot keeps). */
    public long retainLimitBytes() {
        return retainLimitBytes;
    }

    /** A byte array of at least {@code minLength} for {@code slot}; its contents are unspecified. */
    public byte[] bytes(Slot slot, int minLength) {
        checkOpen();
        byte[] b = bytes.get(slot);
        if (b != null && b.length >= minLength) {
            return b;
        }
        byte[] fresh = new byte[grow(b == null ? 0 : b.length, minLength)];
        if (poisoned) {
            Arrays.fill(fresh, poison);
        }
        if (fresh.length <= retainLimitBytes) {
            bytes.put(slot, fresh);
        }
        return fresh;
    }

    /** A float array of at least {@code minLength} for {@code slot}; its contents are unspecified. */
    public float[] floats(Slot slot, int minLength) {
        checkOpen();
        float[] f = floats.get(slot);
        if (f != null && f.length >= minLength) {
            return f;
        }
        float[] fresh = new float[grow(f == null ? 0 : f.length, minLength)];
        if (4L * fresh.length <= retainLimitBytes) {
            floats.put(slot, fresh);
        }
        return fresh;
    }

    /** An int array of at least {@code minLength} for {@code slot}; its contents are unspecified. */
    public int[] ints(Slot slot, int minLength) {
        checkOpen();
        int[] i = ints.get(slot);
        if (i != null && i.length >= minLength) {
            return i;
        }
        int[] fresh = new int[grow(i == null ? 0 : i.length, minLength)];
        if (4L * fresh.length <= retainLimitBytes) {
            ints.put(slot, fresh);
        }
        return fresh;
    }

    /**
     * A native segment of at least {@code minBytes} for {@code slot}, 64-byte aligned, valid until the slot is
     * asked for again with a larger size or the scratch is closed. Contents are unspecified.
     */
    public MemorySegment nativeSegment(Slot slot, long minBytes) {
        checkOpen();
        NativeBlock block = natives.get(slot);
        if (block != null && block.segment.byteSize() >= minBytes) {
            return block.segment.asSlice(0, minBytes);
        }
        if (block != null) {
            natives.remove(slot);
            block.arena.close();
        }
        long size = Math.max(minBytes, block == null ? 0 : Math.min(block.segment.byteSize() * 2, Integer.MAX_VALUE));
        Arena arena = Arena.ofConfined();
        MemorySegment seg = arena.allocate(Math.max(size, 1), 64);
        nativeAllocated += seg.byteSize();
        if (poisoned) {
            seg.fill(poison);
        }
        natives.put(slot, new NativeBlock(arena, seg));
        // Oversized blocks are kept until the next request for the slot, which shrinks them back.
        return seg.asSlice(0, minBytes);
    }

    /**
     * Fills every buffer this scratch holds, and every buffer it hands out from now on, with {@code pattern}.
     * Tests use this to prove that no output ever contains bytes left over from an earlier image.
     */
    public void poison(byte pattern) {
        checkOpen();
        this.poison = pattern;
        this.poisoned = true;
        bytes.values().forEach(b -> Arrays.fill(b, pattern));
        natives.values().forEach(n -> n.segment.fill(pattern));
    }

    /** Native bytes this scratch has allocated since it was made (what its renders drew, for measurements). */
    public long nativeAllocatedBytes() {
        return nativeAllocated;
    }

    /** Bytes currently held on the heap and natively. */
    public long retainedBytes() {
        long sum = 0;
        for (byte[] b : bytes.values()) {
            sum += b.length;
        }
        for (float[] f : floats.values()) {
            sum += 4L * f.length;
        }
        for (int[] i : ints.values()) {
            sum += 4L * i.length;
        }
        for (NativeBlock n : natives.values()) {
            sum += n.segment.byteSize();
        }
        return sum;
    }

    /**
     * Drops {@code array} from the slot that holds it, if any, so that the collector can take it back once the caller
     * no longer needs it (an image the next step has replaced). The slot allocates afresh when asked again.
     */
    public void letGo(byte[] array) {
        bytes.values().removeIf(b -> b == array);
    }

    /** Drops the byte array of {@code slot} when it is longer than {@code largerThan} bytes. */
    public void letGo(Slot slot, long largerThan) {
        byte[] b = bytes.get(slot);
        if (b != null && b.length > largerThan) {
            bytes.remove(slot);
        }
    }

    /**
     * Lets go of the largest buffers until at most {@link #retainLimitBytes()} are kept; native blocks are freed.
     * Call between renders only: buffers handed out before are no longer valid.
     */
    public void trim() {
        checkOpen();
        while (retainedBytes() > retainLimitBytes) {
            Slot slot = null;
            long largest = -1;
            int kind = -1;
            for (Map.Entry<Slot, byte[]> e : bytes.entrySet()) {
                if (e.getValue().length > largest) {
                    largest = e.getValue().length;
                    slot = e.getKey();
                    kind = 0;
                }
            }
            for (Map.Entry<Slot, float[]> e : floats.entrySet()) {
                if (4L * e.getValue().length > largest) {
                    largest = 4L * e.getValue().length;
                    slot = e.getKey();
                    kind = 1;
                }
            }
            for (Map.Entry<Slot, int[]> e : ints.entrySet()) {
                if (4L * e.getValue().length > largest) {
                    largest = 4L * e.getValue().length;
                    slot = e.getKey();
                    kind = 2;
                }
            }
            for (Map.Entry<Slot, NativeBlock> e : natives.entrySet()) {
                if (e.getValue().segment.byteSize() > largest) {
                    largest = e.getValue().segment.byteSize();
                    slot = e.getKey();
                    kind = 3;
                }
            }
            switch (kind) {
                case 0 -> bytes.remove(slot);
                case 1 -> floats.remove(slot);
                case 2 -> ints.remove(slot);
                default -> natives.remove(slot).arena.close();
            }
        }
    }

    /** Frees native memory. The scratch cannot be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        natives.values().forEach(n -> n.arena.close());
        natives.clear();
        bytes.clear();
        floats.clear();
        ints.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("scratch is closed");
        }
    }

    /** Grows by at least an eighth so a slowly increasing size does not reallocate every time. */
    private static int grow(int current, int min) {
        if (min < 0) {
            throw new IllegalArgumentException("negative length " + min);
        }
        long target = Math.max(min, current + (current >> 3));
        return (int) Math.min(target, Integer.MAX_VALUE - 16);
    }

    private record NativeBlock(Arena arena, MemorySegment segment) {
    }
}
