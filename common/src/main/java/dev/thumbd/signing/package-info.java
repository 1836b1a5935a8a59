/**
 * Signed URLs: which keys exist ({@link dev.thumbd.signing.SigningKeys}), the string a signature covers
 * ({@link dev.thumbd.signing.SignedString}), making signatures ({@link dev.thumbd.signing.UrlSigner}) and checking
 * them ({@link dev.thumbd.signing.SignatureVerifier}). The algorithm is published in {@code docs/SIGNING.md}.
 */
@NullMarked
package dev.thumbd.signing;

import org.jspecify.annotations.NullMarked;
