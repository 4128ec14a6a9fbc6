package io.prefstream.trainer.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TrainingData;

/**
 * Pairs with a checkable preference: the chosen reply ends with "!", the rejected one, otherwise
 * the same words, with ".". A judge that learned the preference ranks unseen pairs correctly.
 */
final class ExclamationPairs {

    /** Most ids per sequence in these tests. */
    static final int SEQUENCE_LENGTH = 48;

    /** Most response ids per sequence in these tests. */
    static final int RESPONSE_TOKENS = 24;

    private static final String[] WORDS = {"sure", "okay", "fine", "yes", "right", "great", "done", "noted", "good",
        "agreed", "indeed", "thanks"};

    private ExclamationPairs() {
    }

    /** Returns {@code count} encoded pairs drawn from the seed. */
    static List<PreferenceExample> examples(int count, long seed) {
        return TrainingData.encode(records(count, seed), encoder());
    }

    /** Returns an encoder for the test's lengths and the byte tokenizer. */
    static SequenceEncoder encoder() {
        return new SequenceEncoder(SEQUENCE_LENGTH, RESPONSE_TOKENS);
    }

    /** Returns a reply of two or three words from the generator, without end mark. */
    static String words(Random random) {
        StringBuilder reply = new StringBuilder();
        for (int w = 0; w < 2 + random.nextInt(2); w++) {
            reply.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return reply.toString();
    }

    private static List<PreferenceRecord> records(int count, long seed) {
        Random random = new Random(seed);
        List<PreferenceRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String reply = words(random);
            records.add(TestRecords.record("x" + seed + "-" + i, "Answer request " + i, reply + "!", reply + "."));
        }
        return records;
    }
}
