package io.prefstream.trainer.app;

import java.util.ArrayList;
import java.util.List;

import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.data.TrainingData;

/**
 * A preference task a program can judge: greet with "hello!" when the prompt asks loudly and
 * with "hello." when it asks softly.
 *
 * <p>Prompts are {@code "Greet <name> loudly"} or {@code "Greet <name> softly"}; names have three
 * letters so every prompt has the same length. In each pair the chosen response ends the greeting
 * as the prompt asks and the rejected one the other way, so the two differ in one token. The
 * chosen responses are half "hello!" and half "hello.", so a model that imitates them without
 * reading the prompt obeys the rule half the time; the pairs say which ending goes with which
 * prompt. Eval prompts use names that no train prompt uses.
 */
final class PunctuationRuleTask {

    private static final String SNAPSHOT_ID = "v000042";
    private static final String[] TRAIN_NAMES = {"Ana", "Bob", "Cyd", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jon",
        "Kim", "Lou", "Max", "Ned", "Ozz", "Pia"};
    private static final String[] EVAL_NAMES = {"Quy", "Rex", "Sam", "Tia", "Uma", "Vic", "Wes", "Xia"};
    private static final String GREETING = "hello";

    private PunctuationRuleTask() {
    }

    /** Returns {@code trainPairs} train pairs and {@code evalPairs} eval pairs, loud and soft alternating. */
    static TrainingData data(int trainPairs, int evalPairs) {
        return new TrainingData(SNAPSHOT_ID, "0".repeat(64), records("train", TRAIN_NAMES, trainPairs),
                records("eval", EVAL_NAMES, evalPairs));
    }

    /** Returns whether pair {@code i} of either split asks loudly. */
    static boolean loud(int i) {
        return i % 2 == 0;
    }

    /**
     * Returns whether a response to pair {@code i}'s prompt obeys the rule: after leading spaces it
     * starts with the greeting and the asked-for mark. What follows the mark is a matter of form,
     * judged by {@link #wellFormed}, not of the rule.
     */
    static boolean obeys(int i, String response) {
        return response.strip().startsWith(expected(i));
    }

    /** Returns whether the response is exactly the chosen response of pair {@code i}, ending there. */
    static boolean wellFormed(int i, String response) {
        return response.strip().equals(expected(i));
    }

    private static String expected(int i) {
        return GREETING + (loud(i) ? "!" : ".");
    }

    private static List<PreferenceRecord> records(String split, String[] names, int count) {
        List<PreferenceRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String prompt = "Greet " + names[(i / 2) % names.length] + (loud(i) ? " loudly" : " softly");
            String loudAnswer = " " + GREETING + "!";
            String softAnswer = " " + GREETING + ".";
            records.add(TestRecords.record(split + i, prompt, loud(i) ? loudAnswer : softAnswer,
                    loud(i) ? softAnswer : loudAnswer));
        }
        return records;
    }
}
