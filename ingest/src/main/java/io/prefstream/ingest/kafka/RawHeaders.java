package io.prefstream.ingest.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Header names carried by messages on the raw topic. The key of a raw message is its record
 * reference ({@code <source>:<line>} for imports); the source travels in a header so that the
 * value stays the submitted bytes, untouched.
 */
public final class RawHeaders {

    /** Where the judgment came from: an import file name or a collector name. */
    public static final String SOURCE = "prefs.source";

    private RawHeaders() {
    }

    /** Returns a header's value as UTF-8 text, or the fallback when absent. */
    public static String text(Headers headers, String name, String fallback) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? fallback
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
