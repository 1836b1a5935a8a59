package dev.thumbd.resizer.codec;

/** Chroma subsampling for lossy YUV encoders (JPEG, AVIF; WebP lossy is always 4:2:0). */
public enum ChromaSubsampling {
    /** Half resolution chroma both ways: the web default, smallest files. */
    S420,
    /** Full resolution chroma: for sharp coloured edges (text, line art). */
    S444
}
