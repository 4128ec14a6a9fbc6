package io.prefstream.trainer.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.prefstream.trainer.round.SampleGeneration;

/**
 * What training on one snapshot produced.
 *
 * @param snapshotId the snapshot trained on
 * @param rounds every round, round 0 being the supervised warm start
 */
public record TrainingOutcome(String snapshotId, List<Round> rounds) {

    /**
     * One round's headline results.
     *
     * @param round round number
     * @param checkpointId checkpoint id
     * @param checkpoint checkpoint directory
     * @param loss final training loss of the round
     * @param rewardAccuracy held-out implicit-reward accuracy
     * @param margin held-out mean implicit-reward margin
     * @param seconds wall time of the round
     * @param metrics every metric the round reported
     * @param samples the round policy's sample generations on fixed eval prompts
     */
    public record Round(int round, String checkpointId, Path checkpoint, double loss, double rewardAccuracy,
            double margin, double seconds, Map<String, Double> metrics, List<SampleGeneration> samples) {

        /** Copies the samples. */
        public Round {
            samples = List.copyOf(samples);
        }

        /** Creates a round summary without sample generations. */
        public Round(int round, String checkpointId, Path checkpoint, double loss, double rewardAccuracy,
                double margin, double seconds, Map<String, Double> metrics) {
            this(round, checkpointId, checkpoint, loss, rewardAccuracy, margin, seconds, metrics, List.of());
        }
    }
}
