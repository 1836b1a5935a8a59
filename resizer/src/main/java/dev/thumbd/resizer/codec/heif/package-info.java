/** HEIC/HEIF input through libheif over FFM (Debian {@code libheif1}, HEVC by libde265): the primary image only. */
@NullMarked
package dev.thumbd.resizer.codec.heif;

import org.jspecify.annotations.NullMarked;
