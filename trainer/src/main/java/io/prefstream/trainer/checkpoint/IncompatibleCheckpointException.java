package io.prefstream.trainer.checkpoint;

import java.nio.file.Path;

import io.prefstream.trainer.app.TrainerConfig;

/**
 * Thrown when a run finds checkpoints of its snapshot that it cannot continue: they were trained
 * with a different config, on different snapshot contents, or with a different tokenizer.
 *
 * <p>Resuming would mix two runs; starting over would publish different weights under checkpoint
 * ids that may already have been announced. An operator decides: restore the config, or delete
 * the snapshot's checkpoint directories to train it again from round 0.
 */
public final class IncompatibleCheckpointException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param directory the checkpoint that does not match
     * @param key the config key or file that differs
     * @param saved its value in the checkpoint
     * @param current its value in this run
     */
    public IncompatibleCheckpointException(Path directory, String key, String saved, String current) {
        super("cannot resume from checkpoint " + directory + ": it has " + key + "=" + saved + " but this run has "
                + key + "=" + current + "; only '" + TrainerConfig.ROUNDS_KEY
                + "' may change between a run and its resumption. Restore the setting, or delete the snapshot's"
                + " checkpoint directories to train it again from round 0");
        this.key = key;
    }

    /** Returns the config key or file name that differs. */
    public String key() {
        return key;
    }
}
