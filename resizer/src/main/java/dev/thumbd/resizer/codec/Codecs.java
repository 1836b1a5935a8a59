package dev.thumbd.resizer.codec;

import dev.thumbd.resizer.codec.avif.LibAvif;
import dev.thumbd.resizer.codec.avif.LibAvifDecoder;
import dev.thumbd.resizer.codec.avif.LibAvifEncoder;
import dev.thumbd.resizer.codec.bmp.ImageIoBmpDecoder;
import dev.thumbd.resizer.codec.gif.GifAnimationDecoder;
import dev.thumbd.resizer.codec.gif.ImageIoGifDecoder;
import dev.thumbd.resizer.codec.heif.LibHeif;
import dev.thumbd.resizer.codec.heif.LibHeifDecoder;
import dev.thumbd.resizer.codec.jpeg.ImageIoJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.ImageIoJpegEncoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpeg;
import dev.thumbd.resizer.codec.jpeg.TurboJpegDecoder;
import dev.thumbd.resizer.codec.jpeg.TurboJpegEncoder;
import dev.thumbd.resizer.codec.png.ImageIoPngDecoder;
import dev.thumbd.resizer.codec.png.ImageIoPngEncoder;
import dev.thumbd.resizer.codec.png.LibPng;
import dev.thumbd.resizer.codec.png.LibPngDecoder;
import dev.thumbd.resizer.codec.png.LibPngEncoder;
import dev.thumbd.resizer.codec.tiff.ImageIoTiffDecoder;
import dev.thumbd.resizer.codec.webp.ImageIoWebpDecoder;
import dev.thumbd.resizer.codec.webp.ImageIoWebpEncoder;
import dev.thumbd.resizer.codec.webp.LibWebp;
import dev.thumbd.resizer.codec.webp.LibWebpAnimationDecoder;
import dev.thumbd.resizer.codec.webp.LibWebpAnimationEncoder;
import dev.thumbd.resizer.codec.webp.LibWebpDemux;
import dev.thumbd.resizer.codec.webp.LibWebpMux;
import dev.thumbd.resizer.codec.webp.LibWebpDecoder;
import dev.thumbd.resizer.codec.webp.LibWebpEncoder;
import dev.thumbd.spec.ImageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which decoder and encoder serve each format on this machine, and why a format is missing when it is.
 *
 * <p>Built once at startup from candidates in order of preference (the native binding first, the pure-Java
 * fallback second): the first candidate per format wins. {@link #report()} is what the startup log prints.
 */
public final class Codecs {

    private final Map<ImageFormat, Decoder> decoders;
    private final Map<ImageFormat, Encoder> encoders;
    private final Map<ImageFormat, String> reasons;
    private final Animations animations;

    private Codecs(Map<ImageFormat, Decoder> decoders, Map<ImageFormat, Encoder> encoders,
            Map<ImageFormat, String> reasons, Animations animations) {
        this.decoders = decoders;
        this.encoders = encoders;
        this.reasons = reasons;
        this.animations = animations;
    }

    /**
     * The animation codecs: decoders per input format (every frame, composited) and encoders per output format,
     * and why animated output is missing where it is.
     */
    public record Animations(Map<ImageFormat, AnimationDecoder> decoders, Map<ImageFormat, AnimationEncoder> encoders,
            String whyNoEncoder) {
        /** No animation codecs: every animation is made a still of its first frame (or {@code frame=N}). */
        public static final Animations NONE = new Animations(Map.of(), Map.of(), "animation codecs not configured");

        public Animations {
            decoders = Map.copyOf(decoders);
            encoders = Map.copyOf(encoders);
        }
    }

    /** These codecs without animated output (animations become stills of one frame), saying why in the report. */
    public Codecs withoutAnimationOutput(String why) {
        return withAnimations(new Animations(animations.decoders(), Map.of(), why));
    }

    /** These codecs with these animation codecs. */
    public Codecs withAnimations(Animations a) {
        return new Codecs(decoders, encoders, reasons, a);
    }

    /**
     * @param decoders candidates in order of preference
     * @param encoders candidates in order of preference
     * @param reasons  why a native library could not be loaded, per format, for the report
     */
    public static Codecs of(List<? extends Decoder> decoders, List<? extends Encoder> encoders,
            Map<ImageFormat, String> reasons) {
        Map<ImageFormat, Decoder> d = new EnumMap<>(ImageFormat.class);
        for (Decoder c : decoders) {
            d.putIfAbsent(c.format(), c);
        }
        Map<ImageFormat, Encoder> e = new EnumMap<>(ImageFormat.class);
        for (Encoder c : encoders) {
            e.putIfAbsent(c.format(), c);
        }
        Map<ImageFormat, String> r = new EnumMap<>(ImageFormat.class);
        r.putAll(reasons);
        return new Codecs(Collections.unmodifiableMap(d), Collections.unmodifiableMap(e),
                Collections.unmodifiableMap(r), Animations.NONE);
    }

    /**
     * The codecs of this machine: for each format the native binding when its library loads (and
     * {@code allowNative}), then the pure-Java fallback. AVIF and HEIC have no fallback: without libavif or libheif they
     * are reported unavailable (a {@code format-unavailable} problem). GIF and BMP are read by the JDK, TIFF by
     * TwelveMonkeys.
     */
    public static Codecs detect(boolean allowNative) {
        List<Decoder> decoders = new ArrayList<>();
        List<Encoder> encoders = new ArrayList<>();
        Map<ImageFormat, String> reasons = new EnumMap<>(ImageFormat.class);
        if (allowNative) {
            Binding<TurboJpeg> jpeg = TurboJpeg.load();
            jpeg.library().ifPresent(tj -> {
                decoders.add(new TurboJpegDecoder(tj));
                encoders.add(new TurboJpegEncoder(tj));
            });
            noteMissing(jpeg, ImageFormat.JPEG, reasons);
            Binding<LibPng> png = LibPng.load();
            png.library().ifPresent(lib -> {
                decoders.add(new LibPngDecoder(lib));
                encoders.add(new LibPngEncoder(lib));
            });
            noteMissing(png, ImageFormat.PNG, reasons);
            Binding<LibWebp> webp = LibWebp.load();
            webp.library().ifPresent(lib -> {
                decoders.add(new LibWebpDecoder(lib, new ImageIoWebpDecoder()));
                encoders.add(new LibWebpEncoder(lib));
            });
            noteMissing(webp, ImageFormat.WEBP, reasons);
            Binding<LibAvif> avif = LibAvif.load();
            avif.library().ifPresent(lib -> {
                decoders.add(new LibAvifDecoder(lib));
                encoders.add(new LibAvifEncoder(lib));
            });
            noteMissing(avif, ImageFormat.AVIF, reasons);
            Binding<LibHeif> heif = LibHeif.load();
            heif.library().ifPresent(lib -> decoders.add(new LibHeifDecoder(lib)));
            noteMissing(heif, ImageFormat.HEIC, reasons);
        } else {
            for (ImageFormat f : List.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.WEBP, ImageFormat.AVIF,
                    ImageFormat.HEIC)) {
                reasons.put(f, "native codecs disabled");
            }
        }
        decoders.add(new ImageIoJpegDecoder());
        encoders.add(new ImageIoJpegEncoder());
        decoders.add(new ImageIoPngDecoder());
        encoders.add(new ImageIoPngEncoder());
        decoders.add(new ImageIoWebpDecoder());
        encoders.add(new ImageIoWebpEncoder());
        decoders.add(new ImageIoGifDecoder());
        decoders.add(new ImageIoTiffDecoder());
        decoders.add(new ImageIoBmpDecoder());
        return of(decoders, encoders, reasons).withAnimations(animations(allowNative));
    }

    /**
     * GIF frames always (pure Java); animated WebP in and out when libwebpdemux and libwebpmux load. Without
     * libwebpmux, animated WebP output falls back to a still of the first frame (and says so in a response header).
     */
    private static Animations animations(boolean allowNative) {
        Map<ImageFormat, AnimationDecoder> in = new EnumMap<>(ImageFormat.class);
        Map<ImageFormat, AnimationEncoder> out = new EnumMap<>(ImageFormat.class);
        in.put(ImageFormat.GIF, new GifAnimationDecoder());
        String why = "native codecs disabled";
        if (allowNative) {
            LibWebpDemux.load().library().ifPresent(d -> in.put(ImageFormat.WEBP, new LibWebpAnimationDecoder(d)));
            Binding<LibWebpMux> mux = LibWebpMux.load();
            Binding<LibWebp> webp = LibWebp.load();
            if (mux.library().isPresent() && webp.library().isPresent()) {
                out.put(ImageFormat.WEBP, new LibWebpAnimationEncoder(webp.library().get(), mux.library().get()));
                why = "";
            } else {
                why = mux instanceof Binding.Unavailable<?> u ? u.reason() : "libwebp unavailable";
            }
        }
        return new Animations(in, out, why);
    }

    private static void noteMissing(Binding<?> binding, ImageFormat format, Map<ImageFormat, String> reasons) {
        if (binding instanceof Binding.Unavailable<?> u) {
            reasons.put(format, u.reason());
        }
    }

    public Optional<Decoder> decoder(ImageFormat format) {
        return Optional.ofNullable(decoders.get(format));
    }

    public Optional<Encoder> encoder(ImageFormat format) {
        return Optional.ofNullable(encoders.get(format));
    }

    /** The decoder of every frame of an animation in {@code format}, if there is one. */
    public Optional<AnimationDecoder> animationDecoder(ImageFormat format) {
        return Optional.ofNullable(animations.decoders().get(format));
    }

    /** The encoder of animations in {@code format}, if there is one. */
    public Optional<AnimationEncoder> animationEncoder(ImageFormat format) {
        return Optional.ofNullable(animations.encoders().get(format));
    }

    /** Why {@code format} has no native path (or no path at all), or "" when it has one. */
    public String whyUnavailable(ImageFormat format) {
        return reasons.getOrDefault(format, "");
    }

    /** One line per format: which implementation decodes and encodes it, and what is missing. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        for (ImageFormat f : ImageFormat.values()) {
            Decoder d = decoders.get(f);
            Encoder e = encoders.get(f);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s decode: %s", f.token(),
                    d == null ? "unavailable" : d.implementation()));
            if (f.isOutput()) {
                line.append("; encode: ").append(e == null ? "unavailable" : e.implementation());
            }
            String why = reasons.get(f);
            if (why != null && !why.isEmpty()) {
                line.append(" (").append(why).append(')');
            }
            lines.add(line.toString());
        }
        StringBuilder anim = new StringBuilder("animation decode: ");
        List<String> in = new ArrayList<>();
        for (ImageFormat f : ImageFormat.values()) {
            AnimationDecoder d = animations.decoders().get(f);
            if (d != null) {
                in.add(f.token() + " " + d.implementation());
            }
        }
        anim.append(in.isEmpty() ? "none (first frames only)" : String.join(", ", in));
        AnimationEncoder webp = animations.encoders().get(ImageFormat.WEBP);
        anim.append("; encode: webp ").append(webp == null
                ? "unavailable, animated webp output is a still of the first frame, X-Thumbd-Animation: still ("
                        + animations.whyNoEncoder() + ")"
                : webp.implementation()).append("; other formats: a still of the first frame (or frame=N)");
        lines.add(anim.toString());
        return lines;
    }
}
