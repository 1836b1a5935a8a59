package dev.thumbd.resizer.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One shared library opened by soname, and the downcall handles bound from it.
 *
 * <p>Design note: binding classes ({@code TurboJpeg}, {@code LibPng}, ...) keep their handles in {@code static final}
 * fields so the JIT can inline the calls. Such fields must be assigned even when the library or a symbol is
 * missing, or the class would fail to initialise and take its fallback path down with it. So a missing library or
 * symbol yields a handle that throws {@link IllegalStateException} naming the symbol, and the problem is recorded:
 * {@link #unavailableReason()} reports the first one, which the binding's {@code load()} turns into "unavailable".
 * A binding that reports itself available never calls a throwing handle.
 */
public final class NativeLibrary {

    private final String soname;
    private final @Nullable SymbolLookup lookup;
    private final List<String> problems = new ArrayList<>();

    private NativeLibrary(String soname, @Nullable SymbolLookup lookup, @Nullable String problem) {
        this.soname = soname;
        this.lookup = lookup;
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** Opens {@code soname} (e.g. {@code "libturbojpeg.so.0"}) for the life of the JVM; never throws. */
    public static NativeLibrary open(String soname) {
        try {
            return new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global()), null);
        } catch (IllegalArgumentException e) {
            return new NativeLibrary(soname, null, soname + " not found by the dynamic linker");
        } catch (IllegalCallerException e) {
            return new NativeLibrary(soname, null, "native access not enabled (--enable-native-access=ALL-UNNAMED)");
        }
    }

    /** The soname this library was opened by. */
    public String soname() {
        return soname;
    }

    /** Whether the library exports {@code symbol}. */
    public boolean has(String symbol) {
        return lookup != null && lookup.find(symbol).isPresent();
    }

    /**
     * A downcall handle for {@code symbol}. If the library or the symbol is missing, the problem is recorded and the
     * returned handle (of the right type) throws {@link IllegalStateException} naming the symbol.
     */
    public MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        Optional<MemorySegment> address = lookup == null ? Optional.empty() : lookup.find(symbol);
        if (address.isPresent()) {
            return Linker.nativeLinker().downcallHandle(address.get(), descriptor);
        }
        String problem = lookup == null
                ? problems.getFirst()
                : "symbol " + symbol + " missing from " + soname;
        if (lookup != null) {
            problems.add(problem);
        }
        MethodType type = descriptor.toMethodType();
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), IllegalStateException.class)
                .bindTo(new IllegalStateException(symbol + " unavailable: " + problem));
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }

    /** Why the library cannot be used (library or a bound symbol missing), or empty if every handle is real. */
    public Optional<String> unavailableReason() {
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * The file the dynamic linker resolved the soname to, e.g. {@code libturbojpeg.so.0.2.0}, read from
     * {@code /proc/self/maps} (Linux); the soname itself where that is not readable. Libraries without a version
     * function are reported by this name, which carries the ABI revision.
     */
    public String resolvedFileName() {
        Path maps = Path.of("/proc/self/maps");
        if (lookup == null || !Files.isReadable(maps)) {
            return soname;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("/" + soname))
                    .map(path -> path.substring(path.lastIndexOf('/') + 1))
                    .findFirst()
                    .orElse(soname);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What to throw after a downcall's {@code invokeExact} threw: runtime exceptions and errors as they are, anything
     * else (which a downcall cannot actually throw) wrapped.
     */
    public static RuntimeException unchecked(Throwable thrown) {
        if (thrown instanceof Error error) {
            throw error;
        }
        return thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
    }
}
