package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.prefstream.schemas.snapshot.Hashing;

class BackgroundOutputStreamTest {

    @Test
    void shouldWriteAndHashEveryByteInOrderAcrossChunks() throws IOException {
        byte[] data = new byte[BackgroundOutputStream.CHUNK_BYTES * 3 + 12_345];
        new Random(3).nextBytes(data);
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MessageDigest digest = Hashing.newSha256();

        try (BackgroundOutputStream out = new BackgroundOutputStream(target, digest, "test")) {
            out.write(data[0]);
            int offset = 1;
            // Writes of varied sizes, some larger than a chunk, so that they straddle chunk ends.
            for (int size = 7; offset < data.length; size = size * 3 + 1) {
                int n = Math.min(size, data.length - offset);
                out.write(data, offset, n);
                offset += n;
            }
        }

        assertThat(target.toByteArray()).isEqualTo(data);
        assertThat(digest.digest()).isEqualTo(Hashing.sha256(data));
    }

    @Test
    void shouldThrowAFailedWriteWithItsCause() {
        IOException failure = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw failure;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw failure;
            }
        };
        BackgroundOutputStream out = new BackgroundOutputStream(failing, Hashing.newSha256(), "records.avro");

        assertThatThrownBy(() -> {
            out.write(new byte[BackgroundOutputStream.CHUNK_BYTES + 1]);
            out.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("records.avro").hasCause(failure);
    }
}
