package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and generating the collector token file. */
class TokenFileTest {

    /** 32 bytes in URL-safe Base64 without padding. */
    private static final String TOKEN_PATTERN = "[A-Za-z0-9_-]{43}";

    @TempDir
    Path dir;

    @Test
    void shouldGenerateTokenFileReadableByOwnerOnly() throws Exception {
        final Path file = dir.resolve("collector.token");

        final String token = TokenFile.loadOrCreate(file);

        assertThat(token).matches(TOKEN_PATTERN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(token);
    }

    @Test
    void shouldReturnSameTokenOnNextStart() throws Exception {
        final Path file = dir.resolve("collector.token");

        assertThat(TokenFile.loadOrCreate(file)).isEqualTo(TokenFile.loadOrCreate(file));
    }

    @Test
    void shouldLoadExistingTokenWithoutSurroundingWhitespace() throws Exception {
        final Path file = Files.writeString(dir.resolve("given.token"), "  my-token\n");

        assertThat(TokenFile.loadOrCreate(file)).isEqualTo("my-token");
    }

    @Test
    void shouldCreateMissingParentDirectories() throws Exception {
        final Path file = dir.resolve("a/b/collector.token");

        assertThat(TokenFile.loadOrCreate(file)).matches(TOKEN_PATTERN);
        assertThat(file).exists();
    }

    @Test
    void shouldRefuseEmptyTokenFile() throws Exception {
        final Path file = Files.writeString(dir.resolve("empty.token"), "\n");

        assertThatThrownBy(() -> TokenFile.loadOrCreate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void shouldGenerateDifferentTokensEachTime() {
        assertThat(TokenFile.newToken()).isNotEqualTo(TokenFile.newToken()).matches(TOKEN_PATTERN);
    }
}
