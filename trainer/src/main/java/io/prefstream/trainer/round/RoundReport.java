package io.prefstream.trainer.round;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one round produced: its checkpoint, final loss, metrics and a few sample generations.
 *
 * @param snapshotId the snapshot trained on
 * @param round 0 for the warm start, 1.. for SPAC rounds
 * @param checkpointId {@code <snapshot id>-r<round>}
 * @param checkpointPath absolute path of the published checkpoint directory
 * @param parentCheckpoint the checkpoint the round started from, null for round 0
 * @param steps optimiser steps taken
 * @param loss mean training loss over the round's last epoch
 * @param metrics headline metrics under the {@code *_METRIC} names
 * @param duration wall time of the round's training and evaluation, up to writing its checkpoint
 * @param samples responses of the round's policy to the first eval prompts, at most {@code sample_generations}
 */
public record RoundReport(String snapshotId, int round, String checkpointId, Path checkpointPath,
        String parentCheckpoint, int steps, double loss, Map<String, Double> metrics, Duration duration,
        List<SampleGeneration> samples) {

    /** Fraction of eval pairs whose implicit reward ranks chosen above rejected (ties count half). */
    public static final String EVAL_REWARD_ACCURACY_METRIC = "eval.reward_accuracy";
    /** Mean implicit-reward margin {@code f(x, y+) - f(x, y-)} over eval pairs, against pi_ref. */
    public static final String EVAL_MARGIN_METRIC = "eval.margin";
    /** Fraction of eval pairs where the policy gives the chosen response the higher log-probability. */
    public static final String EVAL_LOGPROB_ACCURACY_METRIC = "eval.logprob_accuracy";
    /** Mean {@code log pi(y') - log pi_ref(y')} over responses sampled from the policy on eval prompts. */
    public static final String EVAL_KL_METRIC = "eval.kl";
    /** Mean length in tokens of responses sampled from the policy on eval prompts. */
    public static final String SAMPLE_LENGTH_METRIC = "sample.length";
    /** Mean length in tokens of the round's self-play responses (drawn from pi_t). */
    public static final String SELFPLAY_LENGTH_METRIC = "selfplay.length";
    /** Mean training loss over the last epoch. */
    public static final String TRAIN_LOSS_METRIC = "train.loss";
    /** Optimiser steps of the round. */
    public static final String TRAIN_STEPS_METRIC = "train.steps";
    /** Training examples (rows) of the round. */
    public static final String TRAIN_EXAMPLES_METRIC = "train.examples";
    /** Pairs in the eval split. */
    public static final String EVAL_PAIRS_METRIC = "eval.pairs";
    /** Wall time of the round in seconds. */
    public static final String DURATION_METRIC = "round.duration_seconds";
    /**
     * Share of eval prompts where the judge scores the policy's sampled response above {@code pi_ref}'s
     * (ties count half, so round 0 is 0.5).
     */
    public static final String EVAL_JUDGE_WIN_RATE_METRIC = "eval.judge_win_rate";
    /** Fraction of eval pairs the judge ranks chosen above rejected (ties count half): how far to trust it. */
    public static final String JUDGE_EVAL_ACCURACY_METRIC = "judge.eval_accuracy";

    /** Copies the samples. */
    public RoundReport {
        samples = List.copyOf(samples);
    }

    /** Creates a report without sample generations. */
    public RoundReport(String snapshotId, int round, String checkpointId, Path checkpointPath, String parentCheckpoint,
            int steps, double loss, Map<String, Double> metrics, Duration duration) {
        this(snapshotId, round, checkpointId, checkpointPath, parentCheckpoint, steps, loss, metrics, duration,
                List.of());
    }
}
