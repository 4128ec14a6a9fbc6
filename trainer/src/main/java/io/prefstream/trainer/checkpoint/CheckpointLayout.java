package io.prefstream.trainer.checkpoint;

/**
 * File names of the checkpoint tree.
 *
 * <pre>
 *   &lt;root&gt;/latest                   name of the newest published checkpoint directory
 *   &lt;root&gt;/&lt;snapshot&gt;-r&lt;round&gt;/
 *       policy-0000.params            DJL parameters of the policy
 *       config.json                   the TrainerConfig, which also fixes the model shape
 *       report.json                   the round's RoundReport
 *       lineage.json                  snapshot id, manifest SHA-256, parent checkpoint
 * </pre>
 * Directories named {@code .staging-*} are being written and are never read.
 */
public final class CheckpointLayout {

    /** The trainer config of the run. */
    public static final String CONFIG = "config.json";

    /** The round's report. */
    public static final String REPORT = "report.json";

    /** Where the checkpoint came from. */
    public static final String LINEAGE = "lineage.json";

    /** Pointer file in the root holding the newest checkpoint's directory name. */
    public static final String LATEST = "latest";

    /** Prefix of directories being written. */
    public static final String STAGING_PREFIX = ".staging-";

    private CheckpointLayout() {
    }
}
