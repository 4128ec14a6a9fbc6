package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts {@code {"prompt": "...", "chosen": "...", "rejected": "..."}} records; text is kept as given. */
final class PreferenceConverter implements PairConverter {

    @Override
    public ConvertedPair convert(final ObjectNode node) {
        final String prompt = JsonFields.requiredText(node, "prompt");
        final String chosen = JsonFields.requiredText(node, "chosen");
        final String rejected = JsonFields.requiredText(node, "rejected");
        return new ConvertedPair(prompt, null, chosen, rejected);
    }
}
