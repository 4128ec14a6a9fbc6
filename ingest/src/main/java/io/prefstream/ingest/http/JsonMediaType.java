package io.prefstream.ingest.http;

import java.util.Locale;

/**
 * Checks that a request declares what the collector reads: an uncompressed JSON body in UTF-8. A body declared
 * as anything else is refused with 415 before it is read, rather than parsed as JSON regardless and answered
 * with a misleading error (or, worse, accepted).
 */
final class JsonMediaType {

    static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private static final String JSON = "application/json";
    private static final String JSON_SUFFIX = "+json";
    private static final String UTF8 = "utf-8";
    private static final String IDENTITY = "identity";

    private JsonMediaType() {
    }

    /**
     * Checks the request's headers.
     *
     * @param contentType     the Content-Type header, null when absent
     * @param contentEncoding the Content-Encoding header, null when absent
     * @throws RequestFailure 415 naming what is unsupported
     */
    static void require(final String contentType, final String contentEncoding) {
        if (contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase(IDENTITY)) {
            throw new RequestFailure(UNSUPPORTED_MEDIA_TYPE, "unsupported_encoding", "Content-Encoding '"
                    + printable(contentEncoding) + "' is not supported; send the body uncompressed");
        }
        if (contentType == null || contentType.isBlank()) {
            throw new RequestFailure(UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "send the body as 'Content-Type: application/json'");
        }
        final String[] parts = contentType.split(";");
        final String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals(JSON) && !(type.startsWith("application/") && type.endsWith(JSON_SUFFIX))) {
            throw new RequestFailure(UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Content-Type '"
                    + printable(parts[0].strip()) + "' is not supported; send the body as application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            final String parameter = parts[i].strip();
            final int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                final String charset = parameter.substring(equals + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase(UTF8) && !charset.equalsIgnoreCase("utf8")) {
                    throw new RequestFailure(UNSUPPORTED_MEDIA_TYPE, "unsupported_charset", "charset '"
                            + printable(charset) + "' is not supported; send the body in UTF-8");
                }
            }
        }
    }

    /** Keeps a header value fit to echo in a reply: printable ASCII, at most 64 characters. */
    private static String printable(final String value) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            final char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
