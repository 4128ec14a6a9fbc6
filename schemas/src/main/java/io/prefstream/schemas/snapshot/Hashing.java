package io.prefstream.schemas.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers used for content keys, split assignment and file checksums. */
public final class Hashing {

    private static final int BUFFER = 1 << 16;

    private Hashing() {
    }

    /** Returns a fresh SHA-256 digest; every JVM is required to provide one. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM lacks SHA-256", e);
        }
    }

    /** Returns the SHA-256 of the bytes. */
    public static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    /** Returns the lower-case hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /** Returns the lower-case hex SHA-256 of a file's contents. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
