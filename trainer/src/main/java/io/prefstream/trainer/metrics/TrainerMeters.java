package io.prefstream.trainer.metrics;

/**
 * Names and tags of the meters the trainer registers. Every name starts with {@code prefs.}; the
 * Prometheus registry turns dots into underscores and adds unit and {@code _total} suffixes.
 */
public final class TrainerMeters {

    /** Gauge: number of the latest completed round (0 is the warm start). */
    public static final String ROUND = "prefs.trainer.round";
    /** Gauge: mean training loss over the latest round's last epoch. */
    public static final String LOSS = "prefs.trainer.loss";
    /** Gauge: eval reward accuracy of the latest round. */
    public static final String EVAL_REWARD_ACCURACY = "prefs.trainer.eval.reward_accuracy";
    /** Gauge: eval log-probability accuracy of the latest round. */
    public static final String EVAL_LOGPROB_ACCURACY = "prefs.trainer.eval.logprob_accuracy";
    /** Gauge: mean eval implicit-reward margin of the latest round. */
    public static final String EVAL_MARGIN = "prefs.trainer.eval.margin";
    /** Gauge: KL(pi || pi_ref) estimate on eval prompts of the latest round. */
    public static final String EVAL_KL = "prefs.trainer.eval.kl";
    /** Gauge: mean length of responses sampled on eval prompts in the latest round. */
    public static final String EVAL_SAMPLE_LENGTH = "prefs.trainer.eval.sample_length";
    /** Counter: rounds completed (checkpoint published). */
    public static final String ROUNDS = "prefs.trainer.rounds";
    /** Timer: wall time of each round, up to writing its checkpoint. */
    public static final String ROUND_DURATION = "prefs.trainer.round.duration";
    /** Time gauge: time since the latest checkpoint was published. */
    public static final String CHECKPOINT_AGE = "prefs.trainer.checkpoint.age";
    /** Counter: failures that stopped a stage, tagged {@link #STAGE}; the ingest module uses the same name. */
    public static final String FAILURES = "prefs.failures";

    /** Tag key of {@link #FAILURES}. */
    public static final String STAGE = "stage";
    /** Stage tag of a training run that failed. */
    public static final String STAGE_TRAINING = "training";
    /** Description shared by every {@link #FAILURES} counter, whichever module registers it. */
    public static final String FAILURES_DESCRIPTION = "Failures that stopped a stage of the pipeline";

    private TrainerMeters() {
    }
}
