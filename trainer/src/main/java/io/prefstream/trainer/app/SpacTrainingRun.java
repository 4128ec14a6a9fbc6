package io.prefstream.trainer.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;

import io.prefstream.schemas.snapshot.SnapshotReader.Snapshot;
import io.prefstream.trainer.checkpoint.CheckpointId;
import io.prefstream.trainer.checkpoint.CheckpointStore;
import io.prefstream.trainer.checkpoint.Lineage;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.PolicyEvaluator;
import io.prefstream.trainer.round.RoundOutcome;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.round.SftResult;
import io.prefstream.trainer.round.SftWarmStart;
import io.prefstream.trainer.round.SpacRound;

/**
 * Trains one snapshot end to end: supervised warm start (round 0), then {@code rounds} SPAC
 * rounds, evaluating and publishing a checkpoint after each.
 *
 * <p>Runs on the calling thread and holds all native memory inside {@link #run}; nothing stays
 * open afterwards. Not for concurrent use from several threads in one JVM: the engine's random
 * seed is process-wide.
 */
public final class SpacTrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(SpacTrainingRun.class);
    private static final double NANOS_PER_SECOND = 1e9;

    /** Trains a loaded snapshot; see {@link #run(TrainingData, TrainerConfig, Path, RoundListener)}. */
    public List<RoundReport> run(Snapshot snapshot, TrainerConfig config, Path checkpointRoot, RoundListener listener)
            throws IOException {
        return run(TrainingData.of(snapshot), config, checkpointRoot, listener);
    }

    /**
     * Trains the data's train split, evaluates on its eval split, and publishes checkpoints
     * {@code <root>/<snapshot id>-r0 .. -r<rounds>}.
     *
     * @param data the records and the snapshot identity
     * @param config every knob of the run
     * @param checkpointRoot where checkpoints and the {@code latest} pointer go
     * @param listener called after each checkpoint is published
     * @return one report per round, round 0 first
     * @throws IOException when a checkpoint cannot be written or read back
     */
    public List<RoundReport> run(TrainingData data, TrainerConfig config, Path checkpointRoot, RoundListener listener)
            throws IOException {
        if (data.train().isEmpty()) {
            throw new IllegalArgumentException("snapshot " + data.snapshotId() + " has no train records");
        }
        String runId = data.snapshotId();
        SequenceEncoder encoder = new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens());
        List<PreferenceExample> train = TrainingData.encode(data.train(), encoder);
        List<PreferenceExample> eval = TrainingData.encode(data.eval(), encoder);
        LOG.info("snapshot {}: {} train and {} eval pairs, objective {}, model {}, {} rounds; truncation {}", runId,
                train.size(), eval.size(), config.objective(), config.model(), config.rounds(), encoder.stats());

        CheckpointStore store = new CheckpointStore(checkpointRoot);
        PolicyEvaluator evaluator = new PolicyEvaluator(config, eval);
        Device device = Device.fromName(config.device());
        List<RoundReport> reports = new ArrayList<>();
        try (LanguageModel policy = LanguageModel.create(config.modelSpec(), device, config.seed())) {
            long start = System.nanoTime();
            SftResult sft = new SftWarmStart(config).train(policy, train, runId);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(RoundReport.TRAIN_LOSS_METRIC, sft.lastEpochLoss());
            metrics.put(RoundReport.TRAIN_STEPS_METRIC, (double) sft.steps());
            metrics.put(RoundReport.TRAIN_EXAMPLES_METRIC, (double) sft.sequences());
            metrics.putAll(evaluator.evaluate(policy, policy, 0));
            reports.add(publish(store, data, config, policy, new RoundOutcome(sft.steps(), sft.lastEpochLoss(),
                    metrics), 0, null, start, listener));
            if (config.rounds() == 0) {
                return reports;
            }
            try (LanguageModel reference = LanguageModel.load(reports.get(0).checkpointPath(), config.modelSpec(),
                    device)) {
                SpacRound rounds = new SpacRound(config);
                for (int round = 1; round <= config.rounds(); round++) {
                    start = System.nanoTime();
                    RoundOutcome outcome = rounds.run(round, policy, reference, round == 1, train, runId);
                    Map<String, Double> roundMetrics = new LinkedHashMap<>(outcome.metrics());
                    roundMetrics.putAll(evaluator.evaluate(policy, reference, round));
                    RoundOutcome evaluated = new RoundOutcome(outcome.steps(), outcome.loss(), roundMetrics);
                    String parent = reports.get(reports.size() - 1).checkpointId();
                    reports.add(publish(store, data, config, policy, evaluated, round, parent, start, listener));
                }
            }
        }
        return List.copyOf(reports);
    }

    /** Publishes the round's checkpoint, logs the round's INFO line and notifies the listener. */
    private static RoundReport publish(CheckpointStore store, TrainingData data, TrainerConfig config,
            LanguageModel policy, RoundOutcome outcome, int round, String parent, long startNanos,
            RoundListener listener) throws IOException {
        CheckpointId id = new CheckpointId(data.snapshotId(), round);
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        Map<String, Double> metrics = new LinkedHashMap<>(outcome.metrics());
        metrics.put(RoundReport.DURATION_METRIC, duration.toNanos() / NANOS_PER_SECOND);
        RoundReport report = new RoundReport(data.snapshotId(), round, id.name(), store.directoryOf(id), parent,
                outcome.steps(), outcome.loss(), Collections.unmodifiableMap(metrics), duration);
        Lineage lineage = new Lineage(id.name(), round, data.snapshotId(), data.manifestSha256(), parent,
                config.model());
        store.publish(id, policy, config, report, lineage);
        LOG.info("snapshot {} round {}: checkpoint {}, {} steps, loss {}, reward accuracy {}, margin {}, kl {}, {} s",
                data.snapshotId(), round, id, outcome.steps(), format(outcome.loss()),
                format(metrics.get(RoundReport.EVAL_REWARD_ACCURACY_METRIC)),
                format(metrics.get(RoundReport.EVAL_MARGIN_METRIC)), format(metrics.get(RoundReport.EVAL_KL_METRIC)),
                String.format("%.1f", duration.toNanos() / NANOS_PER_SECOND));
        listener.onRound(report);
        return report;
    }

    private static String format(Double value) {
        return value == null ? "n/a" : String.format("%.4f", value);
    }
}
