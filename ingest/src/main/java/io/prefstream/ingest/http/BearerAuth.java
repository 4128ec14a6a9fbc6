package io.prefstream.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the configured token in constant time: both sides
 * are hashed with SHA-256 first, so {@link MessageDigest#isEqual} compares equal lengths and the time taken tells
 * nothing about the token, not even its length.
 */
final class BearerAuth {

    /** Outcome of a check. */
    enum Verdict {
        /** The header carries the right token. */
        ACCEPTED,
        /** No Authorization header, or an empty one. */
        MISSING,
        /** A header with another scheme or a wrong token. */
        INVALID
    }

    private static final String SCHEME = "bearer ";

    private final byte[] expectedDigest;

    BearerAuth(final String token) {
        this.expectedDigest = sha256(token);
    }

    /** Checks the value of the Authorization header; null when absent. */
    Verdict check(final String header) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        if (header.length() < SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Verdict.INVALID;
        }
        final byte[] presented = sha256(header.substring(SCHEME.length()).strip());
        return MessageDigest.isEqual(presented, expectedDigest) ? Verdict.ACCEPTED : Verdict.INVALID;
    }

    private static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM, which every Java SE must provide", e);
        }
    }
}
