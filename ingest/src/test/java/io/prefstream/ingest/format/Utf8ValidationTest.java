package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class Utf8ValidationTest {

    @Test
    void validTextHasNoInvalidByte() {
        assertThat(Utf8Validation.firstInvalidByte(new byte[0])).isEqualTo(-1);
        assertThat(Utf8Validation.firstInvalidByte("caf\u00e9 \u4e00 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }

    @Test
    void namesTheFirstBadByteWhereverItIs() {
        assertThat(Utf8Validation.firstInvalidByte(new byte[] {'a', (byte) 0xC0, (byte) 0x80})).isEqualTo(1);
        assertThat(Utf8Validation.firstInvalidByte(new byte[] {'a', 'b', (byte) 0xE4, (byte) 0xB8})).isEqualTo(2);
        byte[] long1 = new byte[20_000];
        Arrays.fill(long1, (byte) 'x');
        long1[17_001] = (byte) 0xFF;
        assertThat(Utf8Validation.firstInvalidByte(long1)).as("past the first decoded chunk").isEqualTo(17_001);
    }
}
