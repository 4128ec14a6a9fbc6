package io.prefstream.ingest.format;

import io.prefstream.schemas.v1.ChatMessage;
import java.util.List;

/**
 * A record's prompt and responses as a format converter found them, before the shared checks.
 *
 * @param prompt         prompt text (NFC when the parser's NFC switch is on, as every text here)
 * @param promptMessages the prompt as chat messages, or null for a text prompt
 * @param chosen         preferred response
 * @param rejected       rejected response
 */
record ConvertedPair(String prompt, List<ChatMessage> promptMessages, String chosen, String rejected) {
}
