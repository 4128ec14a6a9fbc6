package io.prefstream.ingest.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a byte limit. The declared length is checked first so an honest client gets its 413
 * without sending the body; a chunked body is cut off after one byte over the limit.
 */
final class BodyReader {

    static final int PAYLOAD_TOO_LARGE = 413;
    static final int BAD_REQUEST = 400;

    private final int maxBodyBytes;

    BodyReader(final int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Returns the whole body.
     *
     * @param declaredLength the Content-Length, or -1 when the body is chunked
     * @param body           the body stream; not closed here
     * @throws RequestFailure 413 when the body is over the limit, 400 when it cannot be read
     */
    byte[] read(final long declaredLength, final InputStream body) {
        if (declaredLength > maxBodyBytes) {
            throw tooLarge();
        }
        final byte[] bytes;
        try {
            bytes = body.readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw new RequestFailure(BAD_REQUEST, "unreadable_body", "the request body could not be read", e);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        return bytes;
    }

    private RequestFailure tooLarge() {
        return new RequestFailure(PAYLOAD_TOO_LARGE, "body_too_large",
                "the request body is larger than the limit of " + maxBodyBytes + " bytes; send smaller batches");
    }
}
