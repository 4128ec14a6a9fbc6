package io.prefstream.ops.demo;

import java.nio.file.Path;
import java.time.Duration;

import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.snapshot.ConflictPolicy;
import io.prefstream.trainer.app.TrainerConfig;

/**
 * Settings of one demo run.
 *
 * @param input the JSONL (or .jsonl.gz) file to import
 * @param workDir directory for this run's broker, state, snapshots and checkpoints; cleared first
 * @param bootstrapServers an existing cluster, or null to start an embedded broker
 * @param applicationId ingest application id (topics are shared; use a fresh cluster or id per run)
 * @param evalFraction fraction of prompts held out for evaluation
 * @param conflictPolicy how the snapshot resolves pairs judged both ways round
 * @param trainerConfig training settings
 * @param ingestTimeout how long ingest may take to judge every record
 * @param parserConfig validation and normalisation settings, default {@link ParserConfig#defaults()}
 * @param idCollision what ingest does with a record whose id names other content, default
 *        {@link IdCollisionPolicy#KEEP}
 */
public record DemoOptions(Path input, Path workDir, String bootstrapServers, String applicationId,
        double evalFraction, ConflictPolicy conflictPolicy, TrainerConfig trainerConfig, Duration ingestTimeout,
        ParserConfig parserConfig, IdCollisionPolicy idCollision) {

    /** Settings with the default parser settings and id-collision policy. */
    public DemoOptions(Path input, Path workDir, String bootstrapServers, String applicationId,
            double evalFraction, ConflictPolicy conflictPolicy, TrainerConfig trainerConfig, Duration ingestTimeout) {
        this(input, workDir, bootstrapServers, applicationId, evalFraction, conflictPolicy, trainerConfig,
                ingestTimeout, ParserConfig.defaults(), IdCollisionPolicy.DEFAULT);
    }
}
