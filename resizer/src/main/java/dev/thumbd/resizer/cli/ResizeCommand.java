package dev.thumbd.resizer.cli;

import dev.thumbd.problem.ProblemException;
import dev.thumbd.resizer.image.Scratch;
import dev.thumbd.resizer.overlay.OverlayInput;
import dev.thumbd.resizer.pipeline.FormatChooser;
import dev.thumbd.resizer.pipeline.Thumbnail;
import dev.thumbd.resizer.pipeline.ThumbnailPipeline;
import dev.thumbd.spec.ThumbnailSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code thumbd resize IN... [options]}: the engine over files and folders, the same pipeline the service runs.
 * With {@code --bench} it times repeated runs instead and prints images/s and MP/s.
 */
final class ResizeCommand {

    /** Options that are spec parameters, passed through {@link ThumbnailSpec#parse} exactly as a URL would be. */
    static final Set<String> SPEC_OPTIONS =
            Set.of("w", "h", "fit", "gravity", "fx", "fy", "dpr", "fmt", "q", "bg", "enlarge", "blur", "sharpen",
                    "crop", "rotate", "flip", "flop", "trim", "frame", "wm", "wm_gravity", "wm_x", "wm_y", "wm_scale",
                    "wm_opacity");
    private static final Set<String> FLAGS = Set.of("bench", "help", "progressive", "fast-shrink", "no-native");
    private static final Set<String> VALUED = Set.of("w", "h", "fit", "gravity", "fx", "fy", "dpr", "fmt", "q", "bg",
            "enlarge", "blur", "sharpen", "crop", "rotate", "flip", "flop", "trim", "frame", "wm", "wm_gravity", "wm_x",
            "wm_y", "wm_scale", "wm_opacity", "out", "threads", "repeat", "runs", "warmup", "effort", "chroma", "kernel",
            "resampler", "label", "max-pixels", "codec-threads");
    /** What a folder operand expands to (a file named on the command line is read whatever its name). */
    static final Set<String> INPUT_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "avif", "gif", "heic", "heif",
            "tif", "tiff", "bmp");

    private final PrintStream out;
    private final PrintStream err;

    ResizeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Arguments a = new Arguments(args, FLAGS, VALUED);
        if (a.has("help") || a.operands().isEmpty()) {
            out.println(usage());
            return a.has("help") ? 0 : 2;
        }
        List<Path> inputs = expand(a.operands());
        EngineOptions engine = EngineOptions.from(a);
        Map<String, String> specParams = new java.util.LinkedHashMap<>(a.subset(SPEC_OPTIONS));
        OverlayInput overlay = overlay(specParams);
        try {
            ThumbnailSpec.parse(SpecQuery.of(specParams, "check"));
        } catch (ProblemException e) {
            throw new UsageException(e.getMessage());
        }
        ThumbnailPipeline pipeline = engine.pipeline(err);
        if (a.has("bench")) {
            if (overlay != null) {
                throw new UsageException("--bench does not take --wm (the overlay is measured by OverlayBenchmark)");
            }
            return new Bench(pipeline, specParams, a, out, err).run(inputs);
        }
        Path outDir = Path.of(a.get("out", "out"));
        return convert(pipeline, specParams, overlay, inputs, outDir, a.intValue("threads", 1, 1, 256));
    }

    /**
     * {@code --wm FILE}: the overlay read from a file, named in the spec by its file name (a storage key, as a URL's
     * {@code wm} is) and versioned by its content, so its decode is kept for every image of the run. Null without it.
     */
    private static @Nullable OverlayInput overlay(Map<String, String> specParams) {
        String file = specParams.get("wm");
        if (file == null) {
            return null;
        }
        Path p = Path.of(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UsageException("cannot read the overlay " + file + ": " + e.getMessage());
        }
        String key = p.getFileName().toString();
        specParams.put("wm", key);
        return OverlayInput.encoded(key, "sha256:" + java.util.HexFormat.of().formatHex(sha256(bytes)), bytes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int convert(ThumbnailPipeline pipeline, Map<String, String> params, @Nullable OverlayInput overlay,
            List<Path> inputs, Path outDir, int threads) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UsageException("cannot create " + outDir + ": " + e.getMessage());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (Scratch scratch = new Scratch()) {
                        for (int i; (i = next.getAndIncrement()) < inputs.size();) {
                            if (!convertOne(pipeline, params, overlay, inputs.get(i), outDir, scratch)) {
                                failed.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("worker failed", e);
        }
        return failed.get() == 0 ? 0 : 1;
    }

    private boolean convertOne(ThumbnailPipeline pipeline, Map<String, String> params,
            @Nullable OverlayInput overlay, Path in, Path outDir, Scratch scratch) {
        String name = in.getFileName().toString();
        try {
            byte[] source = Files.readAllBytes(in);
            ThumbnailSpec spec = ThumbnailSpec.parse(SpecQuery.of(params, name));
            // the decoded overlay is kept by the engine after the first image: later ones take it from there
            OverlayInput ov = overlay == null ? null : pipeline.overlays().get(overlay.key(), overlay.version())
                    .map(OverlayInput::decoded).orElse(overlay);
            Thumbnail t = pipeline.run(source, ov, spec, FormatChooser.NO_NEGOTIATION, scratch);
            Path target = outDir.resolve(baseName(name) + "." + t.format().extension());
            writeAtomically(target, t.data());
            synchronized (out) {
                out.printf(Locale.ROOT, "%s -> %s  %dx%d %s %,d bytes  %.1f ms  [%s]%n", in, target, t.width(),
                        t.height(), t.format().token(), t.data().length, t.timings().totalNanos() / 1e6,
                        t.timings().toServerTiming());
            }
            return true;
        } catch (ProblemException e) {
            synchronized (err) {
                err.printf(Locale.ROOT, "%s: %s (%d %s): %s%n", in, e.type().slug(), e.type().status(),
                        e.type().title(), e.detail());
            }
            return false;
        } catch (IOException e) {
            err.println(in + ": " + e.getMessage());
            return false;
        }
    }

    /** Writes to a temporary file beside the target, then renames it, so a crash never leaves half a file. */
    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, data);
            try {
                // createTempFile makes the file private; an output should have the usual permissions.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // not a POSIX file system: keep what the platform gave
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** Files as given; folders expand to the images directly inside them, sorted by name. */
    static List<Path> expand(List<String> operands) {
        List<Path> files = new ArrayList<>();
        for (String o : operands) {
            Path p = Path.of(o);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> INPUT_EXTENSIONS.contains(extension(f)))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new UsageException("no such file or folder: " + o);
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("no images found in " + operands);
        }
        return files;
    }

    private static String extension(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String usage() {
        return """
                usage: thumbd resize IN... [options]      IN: image files or folders of images
                
                what to make (the same parameters as the /v1/resize URL, see docs/SPEC.md):
                  --w N --h N            box in CSS pixels (either may be omitted)
                  --fit F                cover | contain | fill | inside | outside   (default cover)
                  --gravity G            center | north | northeast | ... | focal (with --fx --fy 0..1)
                  --dpr D                device pixel ratio 1..4
                  --fmt F                auto | jpeg | png | webp | avif   (auto: png if alpha, else jpeg)
                                         | lqip: the placeholder, a PNG of at most 32 px (crop/turn/frame only)
                  --q N                  quality 1..100 (default per format)
                  --bg HEX               background for padding and flattening (rgb, rrggbb, rrggbbaa)
                  --enlarge true         allow output larger than the source
                  --blur S --sharpen S   Gaussian blur / unsharp mask sigma
                  --crop X,Y,W,H         keep this rectangle of the upright original first (source pixels)
                  --rotate 90|180|270    turn clockwise after the crop
                  --flip true --flop true  mirror top-bottom / left-right after the rotation
                  --trim N               cut off a uniform border (colour of the top-left pixel, tolerance N 1..255)
                  --frame N              one frame of an animated GIF/WebP as a still (from 0); without it an
                                         animation stays animated with --fmt webp
                  --wm FILE              lay this image over the output (as the URL's wm=<key>), with
                  --wm_gravity G --wm_x N --wm_y N   where: center | north | ... | northwest, offsets inwards (px)
                  --wm_scale F --wm_opacity F        fraction of the output width (0..1); opacity 0.01..1
                inputs: JPEG, PNG, WebP, AVIF, GIF, HEIC/HEIF, TIFF, BMP (by content; folders: by extension)
                where and how:
                  --out DIR              output folder (default ./out); files keep their base name
                  --threads N            images in parallel (default 1)
                  --effort N             encoder effort: WebP method 0..6, AVIF speed 0..10, PNG level 0..9
                  --progressive          progressive JPEG / interlaced PNG
                  --chroma 420|444       chroma subsampling for JPEG and AVIF (default 420)
                  --codec-threads N      threads an encoder may use inside one image (AVIF; default 1)
                  --kernel K             nearest | linear | cubic | lanczos2 | lanczos3 (default lanczos3)
                  --resampler R          vector | scalar (default vector when the JVM has jdk.incubator.vector)
                  --fast-shrink          shrink on load as far as possible (faster, softer; default leaves 2x)
                  --no-native            use the pure-Java codecs only
                  --max-pixels N         refuse sources over N pixels (default 50000000)
                benchmark:
                  --bench                time the pipeline instead of writing files; prints images/s and MP/s
                  --repeat N --runs N --warmup N --label NAME""";
    }
}
