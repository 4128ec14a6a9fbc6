package io.prefstream.ingest.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the collector's bearer token from a file, or creates the file with a fresh random token: 32 bytes from
 * {@link SecureRandom}, URL-safe Base64 without padding (43 characters), owner-only permissions ({@code rw-------}).
 * Needs a POSIX file system. Never logs the token.
 */
public final class TokenFile {

    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);
    private static final int TOKEN_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private TokenFile() {
    }

    /**
     * Returns the token stored in the file, creating the file with a new token when it does not exist.
     *
     * @param file where the token lives; its parent directories are created when missing
     * @return the token, without surrounding whitespace
     * @throws IOException when the file cannot be read or created
     * @throws IllegalArgumentException when the file exists but holds no token
     */
    public static String loadOrCreate(final Path file) throws IOException {
        if (!Files.exists(file)) {
            final String token = newToken();
            try {
                create(file, token);
                LOG.info("token file {}: created with a new {}-byte token, permissions rw-------", file, TOKEN_BYTES);
                return token;
            } catch (FileAlreadyExistsException e) {
                // Another process created it between the check and the create; its token wins, read it below.
                LOG.debug("token file {} appeared while creating it; reading it instead", file);
            }
        }
        return load(file);
    }

    /** Returns a new random token: 32 bytes, URL-safe Base64 without padding. */
    public static String newToken() {
        final byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(final Path file, final String token) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // The permissions are set atomically with the creation, so the token is never readable by others.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
    }

    private static String load(final Path file) throws IOException {
        final String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token file " + file + " is empty; delete it to generate a new token");
        }
        final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            LOG.warn("token file {} has permissions {}; only its owner should read it (chmod 600)", file,
                    PosixFilePermissions.toString(permissions));
        }
        return token;
    }
}
