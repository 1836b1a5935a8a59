package dev.thumbd.resizer.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs, written byte by byte as an attacker would: small files whose headers declare (or whose data
 * expand to) far more pixels than they carry. Every one of them is a valid file as far as its container goes.
 */
public final class Bombs {

    private Bombs() {
    }

    /**
     * A GIF with a {@code screenW x screenH} logical screen and one {@code frameW x frameH} frame whose image data is
     * a clear code and an end code: a few dozen bytes that make a decoder allocate the frame.
     */
    public static byte[] gif(int screenW, int screenH, int frameW, int frameH) {
        Bytes b = new Bytes();
        b.ascii("GIF89a").u16le(screenW).u16le(screenH).u8(0x80).u8(0).u8(0);   // global table of 2 colours
        b.u8(0).u8(0).u8(0).u8(255).u8(255).u8(255);
        b.u8(0x2C).u16le(0).u16le(0).u16le(frameW).u16le(frameH).u8(0);       // image descriptor, no local table
        b.u8(2);                                                                // LZW minimum code size
        b.u8(2).u8(0x44).u8(0x01).u8(0);                                        // clear (4), end (5); block end
        b.u8(0x3B);
        return b.bytes();
    }

    /** A PNG declaring {@code w x h} (RGBA, 8 bit) with an empty image stream. */
    public static byte[] pngHeader(int w, int h) {
        return png(w, h, new byte[0]);
    }

    /**
     * A real PNG of {@code w x h} RGBA pixels, all zero: each row is a filter byte and zeros, deflated; a 7000 x 7000
     * image (196 MB of pixels) is about 200 KB.
     */
    public static byte[] pngOfZeros(int w, int h) {
        Deflater d = new Deflater(9);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] row = new byte[1 + 4 * w];
        byte[] buf = new byte[1 << 16];
        for (int y = 0; y < h; y++) {
            d.setInput(row);
            while (!d.needsInput()) {
                int n = d.deflate(buf);
                z.write(buf, 0, n);
            }
        }
        d.finish();
        while (!d.finished()) {
            int n = d.deflate(buf);
            z.write(buf, 0, n);
        }
        d.end();
        return png(w, h, z.toByteArray());
    }

    private static byte[] png(int w, int h, byte[] idat) {
        Bytes b = new Bytes();
        b.raw(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        Bytes ihdr = new Bytes().u32be(w).u32be(h).u8(8).u8(6).u8(0).u8(0).u8(0);
        chunk(b, "IHDR", ihdr.bytes());
        chunk(b, "IDAT", idat);
        chunk(b, "IEND", new byte[0]);
        return b.bytes();
    }

    private static void chunk(Bytes b, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.u32be(data.length).raw(t).raw(data).u32be((int) crc.getValue());
    }

    /** A JPEG whose frame header declares {@code w x h} (baseline or progressive, 3 components) and no scan. */
    public static byte[] jpegHeader(int w, int h, boolean progressive) {
        Bytes b = new Bytes();
        b.u8(0xFF).u8(0xD8);
        b.u8(0xFF).u8(progressive ? 0xC2 : 0xC0).u16be(17).u8(8).u16be(h).u16be(w).u8(3);
        for (int c = 1; c <= 3; c++) {
            b.u8(c).u8(c == 1 ? 0x22 : 0x11).u8(0);
        }
        b.u8(0xFF).u8(0xD9);
        return b.bytes();
    }

    /** An extended WebP (VP8X) with a {@code w x h} canvas and {@code frames} animation frames (ANMF chunks). */
    public static byte[] animatedWebp(int w, int h, int frames) {
        Bytes body = new Bytes().ascii("WEBP");
        Bytes vp8x = new Bytes().u8(0x02).u8(0).u8(0).u8(0).u24le(w - 1).u24le(h - 1);
        riffChunk(body, "VP8X", vp8x.bytes());
        riffChunk(body, "ANIM", new Bytes().u32le(0).u16le(0).bytes());
        for (int i = 0; i < frames; i++) {
            Bytes anmf = new Bytes().u24le(0).u24le(0).u24le(w - 1).u24le(h - 1).u24le(100).u8(0);
            riffChunk(body, "ANMF", anmf.bytes());
        }
        byte[] payload = body.bytes();
        return new Bytes().ascii("RIFF").u32le(payload.length).raw(payload).bytes();
    }

    private static void riffChunk(Bytes b, String type, byte[] data) {
        b.ascii(type).u32le(data.length).raw(data);
        if ((data.length & 1) == 1) {
            b.u8(0);
        }
    }

    /**
     * An AVIF whose primary item declares {@code w x h} ({@code ispe}); when {@code hiddenW > 0} a second, hidden
     * item (a grid tile, say) declares {@code hiddenW x hiddenH}. No image data.
     */
    public static byte[] avif(int w, int h, int hiddenW, int hiddenH) {
        Bytes ftyp = new Bytes().ascii("avif").u32be(0).ascii("avif").ascii("mif1").ascii("miaf");
        Bytes meta = new Bytes().u32be(0);   // full box: version, flags
        box(meta, "hdlr", new Bytes().u32be(0).u32be(0).ascii("pict").u32be(0).u32be(0).u32be(0).u8(0).bytes());
        box(meta, "pitm", new Bytes().u32be(0).u16be(1).bytes());
        Bytes ipco = new Bytes();
        box(ipco, "ispe", new Bytes().u32be(0).u32be(w).u32be(h).bytes());
        boolean hidden = hiddenW > 0;
        if (hidden) {
            box(ipco, "ispe", new Bytes().u32be(0).u32be(hiddenW).u32be(hiddenH).bytes());
        }
        Bytes ipma = new Bytes().u32be(0).u32be(hidden ? 2 : 1);
        ipma.u16be(1).u8(1).u8(0x81);
        if (hidden) {
            ipma.u16be(2).u8(1).u8(0x82);
        }
        Bytes iprp = new Bytes();
        box(iprp, "ipco", ipco.bytes());
        box(iprp, "ipma", ipma.bytes());
        box(meta, "iprp", iprp.bytes());
        Bytes file = new Bytes();
        box(file, "ftyp", ftyp.bytes());
        box(file, "meta", meta.bytes());
        box(file, "mdat", new byte[8]);
        return file.bytes();
    }

    private static void box(Bytes b, String type, byte[] data) {
        b.u32be(8 + data.length).ascii(type).raw(data);
    }

    /** A little-endian / big-endian byte writer. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16le(int v) {
            return u8(v & 0xFF).u8((v >> 8) & 0xFF);
        }

        Bytes u24le(int v) {
            return u16le(v & 0xFFFF).u8((v >> 16) & 0xFF);
        }

        Bytes u32le(int v) {
            return u16le(v & 0xFFFF).u16le((v >>> 16) & 0xFFFF);
        }

        Bytes u16be(int v) {
            return u8((v >> 8) & 0xFF).u8(v & 0xFF);
        }

        Bytes u32be(int v) {
            return u16be((v >>> 16) & 0xFFFF).u16be(v & 0xFFFF);
        }

        Bytes ascii(String s) {
            return raw(s.getBytes(StandardCharsets.US_ASCII));
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
