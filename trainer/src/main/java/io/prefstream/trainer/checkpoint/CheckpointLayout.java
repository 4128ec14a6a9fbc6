package io.prefstream.trainer.checkpoint;

/**
 * File names of the checkpoint tree.
 *
 * <pre>
 *   &lt;root&gt;/latest                   name of the newest published checkpoint directory
 *   &lt;root&gt;/&lt;snapshot&gt;-r&lt;round&gt;/
 *       policy-0000.params            DJL parameters of the policy
 *       config.json                   the TrainerConfig, which also fixes the model shape
 *       tokenizer.json                the tokenizer: type, vocabulary size, special ids (and the SHA-256 of
 *                                     a Hugging Face tokenizer file)
 *       tokenizer-source.json         the Hugging Face tokenizer file itself, when one was used
 *       report.json                   the round's RoundReport, with its sample generations
 *       lineage.json                  snapshot id, manifest SHA-256, parent checkpoint
 *   &lt;root&gt;/judges/&lt;snapshot&gt;/        the reward model that judges a snapshot's rounds, trained once
 *       reward-0000.params            its parameters
 *       judge.json                    the settings it was trained with and its held-out accuracy
 * </pre>
 * Directories named {@code .staging-*} are being written and are never read; a run removes any
 * it finds on start, since they can only be left by a run that died while writing.
 *
 * <p>There is no optimiser state: every training stage starts a fresh Adam (see
 * {@link io.prefstream.trainer.round.SpacRound}), so the policy's parameters and the config are
 * all a later round needs.
 */
public final class CheckpointLayout {

    /** The trainer config of the run. */
    public static final String CONFIG = "config.json";

    /** The round's report. */
    public static final String REPORT = "report.json";

    /** Where the checkpoint came from. */
    public static final String LINEAGE = "lineage.json";

    /** Description of the tokenizer the model's ids come from. */
    public static final String TOKENIZER = "tokenizer.json";

    /** Copy of the Hugging Face tokenizer file, present only when the run used one. */
    public static final String TOKENIZER_SOURCE = "tokenizer-source.json";

    /** Directory in the root holding one cached judge per snapshot. */
    public static final String JUDGES = "judges";

    /** A cached judge's settings and held-out accuracy. */
    public static final String JUDGE = "judge.json";

    /** Pointer file in the root holding the newest checkpoint's directory name. */
    public static final String LATEST = "latest";

    /** Prefix of directories being written. */
    public static final String STAGING_PREFIX = ".staging-";

    private CheckpointLayout() {
    }
}
