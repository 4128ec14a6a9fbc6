package io.prefstream.trainer.checkpoint;

/**
 * File names of the checkpoint tree.
 *
 * <pre>
 *   &lt;root&gt;/latest                   name of the newest published checkpoint directory
 *   &lt;root&gt;/&lt;snapshot&gt;-r&lt;round&gt;/
 *       policy-0000.params            DJL parameters of the policy
 *       config.json                   the TrainerConfig, which also fixes the model shape
 *       tokenizer.json                the byte-level tokenizer: vocabulary size and special ids
 *       report.json                   the round's RoundReport
 *       lineage.json                  snapshot id, manifest SHA-256, parent checkpoint
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

    /** Pointer file in the root holding the newest checkpoint's directory name. */
    public static final String LATEST = "latest";

    /** Prefix of directories being written. */
    public static final String STAGING_PREFIX = ".staging-";

    private CheckpointLayout() {
    }
}
