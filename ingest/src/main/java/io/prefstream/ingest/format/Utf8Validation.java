package io.prefstream.ingest.format;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Finds where bytes stop being well-formed UTF-8, for messages that name the byte. */
public final class Utf8Validation {

    /** Characters decoded at a time; none of them is kept. */
    private static final int CHUNK_CHARS = 8192;

    private Utf8Validation() {
    }

    /**
     * Returns the 0-based offset of the first byte that does not start a valid UTF-8 sequence
     * (an overlong form, an encoded surrogate, a sequence cut short), or -1 when every byte is valid.
     */
    public static int firstInvalidByte(final byte[] bytes) {
        // A decoder is cheap and not thread-safe, so each call gets its own.
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(Math.min(CHUNK_CHARS, Math.max(1, bytes.length)));
        while (true) {
            // As the end of input is declared, a sequence cut short at the end is malformed too, and
            // underflow means every byte was read.
            final CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }
}
