package io.prefstream.trainer.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;

import io.prefstream.schemas.snapshot.SnapshotReader.Snapshot;
import io.prefstream.trainer.checkpoint.CheckpointId;
import io.prefstream.trainer.checkpoint.CheckpointStore;
import io.prefstream.trainer.checkpoint.IncompatibleCheckpointException;
import io.prefstream.trainer.checkpoint.Lineage;
import io.prefstream.trainer.checkpoint.ResumePoint;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.judge.Judge;
import io.prefstream.trainer.judge.JudgeStore;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.TorchThreads;
import io.prefstream.trainer.round.Evaluation;
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
 * <p>Resumable: a run that finds rounds of its snapshot already published under the checkpoint
 * root continues after the last of them, with round 0 as {@code pi_ref}, and ends in the same
 * state as a run that was never interrupted: every round draws its randomness from (seed, round)
 * alone and keeps no optimiser state, so its result depends only on the checkpoint it starts
 * from and the config. The checkpoints must be compatible with the config (see
 * {@link ResumePoint}); otherwise the run fails with an {@link IncompatibleCheckpointException}
 * rather than starting over, because starting over would publish different weights under
 * checkpoint ids that may already have been announced.
 *
 * <p>With {@code judge} on, a reward model trained once per snapshot on its train split (cached
 * under the checkpoint root, see {@link JudgeStore}) judges each round's policy against
 * {@code pi_ref}; the model's vocabulary follows the configured tokenizer.
 *
 * <p>Runs on the calling thread and holds all native memory inside {@link #run}; nothing stays
 * open afterwards. Not for concurrent use from several threads in one JVM: the engine's random
 * seed is process-wide. One run at a time per checkpoint root: a run deletes the staging entries
 * it finds there on start.
 */
public final class SpacTrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(SpacTrainingRun.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final StepListener steps;

    /** Creates a run that reports no per-step progress. */
    public SpacTrainingRun() {
        this(StepListener.NONE);
    }

    /**
     * Creates a run.
     *
     * @param steps told of each optimiser step and self-play pass, and of the stage a failed run failed in
     *     (default {@link StepListener#NONE})
     */
    public SpacTrainingRun(StepListener steps) {
        this.steps = steps;
    }

    /** Trains a loaded snapshot; see {@link #run(TrainingData, TrainerConfig, Path, RoundListener)}. */
    public List<RoundReport> run(Snapshot snapshot, TrainerConfig config, Path checkpointRoot, RoundListener listener)
            throws IOException {
        return run(TrainingData.of(snapshot), config, checkpointRoot, listener);
    }

    /**
     * Trains the data's train split, evaluates on its eval split, and publishes checkpoints
     * {@code <root>/<snapshot id>-r0 .. -r<rounds>}, resuming after the last one already published.
     *
     * <p>On start, {@code .staging-*} entries under the root (left by a run killed mid-publish) are
     * deleted and {@code latest} is pointed at the snapshot's last published round if a kill left it
     * one behind. Rounds already published are not trained again and not passed to the listener.
     *
     * @param data the records and the snapshot identity
     * @param config every knob of the run
     * @param checkpointRoot where checkpoints and the {@code latest} pointer go
     * @param listener called after each checkpoint this call publishes, not for rounds read back
     * @return one report per round, round 0 first, those of rounds published by an earlier call
     *     read back from their {@code report.json}
     * @throws IncompatibleCheckpointException when published rounds of the snapshot were trained
     *     with another config (other than {@code rounds}), snapshot contents or tokenizer
     * @throws IOException when a checkpoint cannot be written or read back
     */
    public List<RoundReport> run(TrainingData data, TrainerConfig config, Path checkpointRoot, RoundListener listener)
            throws IOException {
        StepListener reporter = StepListener.firstFailureOnly(steps);
        try (TextTokenizer tokenizer = TextTokenizer.open(config.tokenizer())) {
            return train(data, config, tokenizer, checkpointRoot, listener, reporter);
        } catch (IOException | RuntimeException e) {
            // a failure inside a narrower stage was reported there; this counts any other
            reporter.onFailure(TrainingStage.TRAINING);
            throw e;
        }
    }

    private List<RoundReport> train(TrainingData data, TrainerConfig config, TextTokenizer tokenizer,
            Path checkpointRoot, RoundListener listener, StepListener reporter) throws IOException {
        if (data.train().isEmpty()) {
            throw new IllegalArgumentException("snapshot " + data.snapshotId() + " has no train records");
        }
        String runId = data.snapshotId();
        CheckpointStore store = new CheckpointStore(checkpointRoot);
        store.removeStaging();
        ResumePoint resume = ResumePoint.find(store, runId, data.manifestSha256(), config, tokenizer);
        repairLatest(store, resume);
        List<RoundReport> reports = new ArrayList<>(resume.upTo(config.rounds()));
        if (reports.size() > config.rounds()) {
            LOG.info("snapshot {}: rounds 0..{} are already checkpointed, nothing to train", runId, config.rounds());
            return List.copyOf(reports);
        }

        SequenceEncoder encoder = new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens(),
                tokenizer);
        List<PreferenceExample> train = TrainingData.encode(data.train(), encoder);
        List<PreferenceExample> eval = TrainingData.encode(data.eval(), encoder);
        int threads = TorchThreads.pin();
        LOG.info("snapshot {}: {} train and {} eval pairs, objective {}, model {}, {} rounds, starting at round {};"
                + " truncation {}; {} libtorch threads", runId, train.size(), eval.size(), config.objective(),
                config.model(), config.rounds(), reports.size(), encoder.stats(), threads);

        Device device = Device.fromName(config.device());
        try (Judge judge = config.judge() ? judge(store, data, config, tokenizer, train, eval, device, reporter) : null;
                LanguageModel policy = startingPolicy(resume, config, tokenizer.vocabSize(), device)) {
            PolicyEvaluator evaluator = new PolicyEvaluator(config, eval, tokenizer, judge);
            if (reports.isEmpty()) {
                reports.add(warmStart(store, data, config, tokenizer, policy, train, evaluator, listener, reporter));
            }
            if (reports.size() <= config.rounds()) {
                spacRounds(store, data, config, tokenizer, policy, train, evaluator, reports, listener, reporter);
            }
        }
        return List.copyOf(reports);
    }

    /** Runs SPAC rounds {@code reports.size() .. rounds} on the policy, appending each round's report. */
    private static void spacRounds(CheckpointStore store, TrainingData data, TrainerConfig config,
            TextTokenizer tokenizer, LanguageModel policy, List<PreferenceExample> train, PolicyEvaluator evaluator,
            List<RoundReport> reports, RoundListener listener, StepListener reporter) throws IOException {
        String runId = data.snapshotId();
        // the evaluator scores the eval pairs under pi_ref on first use; after a resume that is
        // the loaded round-0 checkpoint, whose parameters equal the warm-started policy's bit for bit
        try (LanguageModel reference = PolicyModels.checkpoint(reports.get(0).checkpointPath(), config,
                tokenizer.vocabSize(), policy.device())) {
            SpacRound rounds = new SpacRound(config, reporter, tokenizer);
            for (int round = reports.size(); round <= config.rounds(); round++) {
                long start = System.nanoTime();
                RoundOutcome outcome = rounds.run(round, policy, reference, round == 1, train, runId);
                Map<String, Double> roundMetrics = new LinkedHashMap<>(outcome.metrics());
                Evaluation evaluation = evaluate(evaluator, reporter, policy, reference, round);
                roundMetrics.putAll(evaluation.metrics());
                RoundOutcome evaluated = new RoundOutcome(outcome.steps(), outcome.loss(), roundMetrics,
                        evaluation.samples());
                String parent = reports.get(reports.size() - 1).checkpointId();
                reports.add(publish(store, data, config, tokenizer, policy, evaluated, round, parent, start, listener,
                        reporter));
            }
        }
    }

    /** Returns a freshly initialised policy, or the last published round's when resuming. */
    private static LanguageModel startingPolicy(ResumePoint resume, TrainerConfig config, int vocabSize,
            Device device) throws IOException {
        if (resume.isEmpty()) {
            return PolicyModels.fresh(config, vocabSize, device);
        }
        RoundReport last = resume.last();
        LOG.info("snapshot {}: resuming after round {} from checkpoint {}", last.snapshotId(), last.round(),
                last.checkpointPath());
        return PolicyModels.checkpoint(last.checkpointPath(), config, vocabSize, device);
    }

    /**
     * Returns the snapshot's judge, trained on the train split or loaded from the cache; a failure is
     * reported under the evaluation stage. Its training seeds the engine itself, before the policy is
     * created or loaded, so whether it was trained or loaded changes no draw of the policy's.
     */
    private static Judge judge(CheckpointStore store, TrainingData data, TrainerConfig config,
            TextTokenizer tokenizer, List<PreferenceExample> train, List<PreferenceExample> eval, Device device,
            StepListener reporter) throws IOException {
        try {
            return new JudgeStore(store).loadOrTrain(config, tokenizer, data.snapshotId(), data.manifestSha256(),
                    train, eval, device);
        } catch (IOException | RuntimeException e) {
            reporter.onFailure(TrainingStage.EVALUATION);
            throw e;
        }
    }

    /** Runs round 0: supervised warm start, evaluation against itself, checkpoint. */
    private static RoundReport warmStart(CheckpointStore store, TrainingData data, TrainerConfig config,
            TextTokenizer tokenizer, LanguageModel policy, List<PreferenceExample> train, PolicyEvaluator evaluator,
            RoundListener listener, StepListener reporter) throws IOException {
        long start = System.nanoTime();
        SftResult sft = new SftWarmStart(config, reporter).train(policy, train, data.snapshotId());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(RoundReport.TRAIN_LOSS_METRIC, sft.lastEpochLoss());
        metrics.put(RoundReport.TRAIN_STEPS_METRIC, (double) sft.steps());
        metrics.put(RoundReport.TRAIN_EXAMPLES_METRIC, (double) sft.sequences());
        Evaluation evaluation = evaluate(evaluator, reporter, policy, policy, 0);
        metrics.putAll(evaluation.metrics());
        return publish(store, data, config, tokenizer, policy,
                new RoundOutcome(sft.steps(), sft.lastEpochLoss(), metrics, evaluation.samples()), 0, null, start,
                listener, reporter);
    }

    /** Evaluates the policy; a failure is reported under the evaluation stage. */
    private static Evaluation evaluate(PolicyEvaluator evaluator, StepListener reporter, LanguageModel policy,
            LanguageModel reference, int round) {
        try {
            return evaluator.evaluate(policy, reference, round);
        } catch (RuntimeException e) {
            reporter.onFailure(TrainingStage.EVALUATION);
            throw e;
        }
    }

    /**
     * Points {@code latest} at the last published round when a kill between the rename of its
     * directory and the pointer update left it behind. This run is the newest writer of the root,
     * so its last published round is the newest checkpoint there.
     */
    private static void repairLatest(CheckpointStore store, ResumePoint resume) throws IOException {
        if (resume.isEmpty()) {
            return;
        }
        CheckpointId last = new CheckpointId(resume.last().snapshotId(), resume.last().round());
        Optional<String> latest = store.latest();
        if (!latest.equals(Optional.of(last.name()))) {
            LOG.warn("snapshot {}: latest names {} but {} is published; pointing latest at it", last.snapshotId(),
                    latest.orElse("nothing"), last);
            store.pointLatestAt(last);
        }
    }

    /**
     * Publishes the round's checkpoint, logs the round's INFO line and notifies the listener; a
     * failure of either is reported under the checkpoint stage.
     */
    private static RoundReport publish(CheckpointStore store, TrainingData data, TrainerConfig config,
            TextTokenizer tokenizer, LanguageModel policy, RoundOutcome outcome, int round, String parent,
            long startNanos, RoundListener listener, StepListener reporter) throws IOException {
        CheckpointId id = new CheckpointId(data.snapshotId(), round);
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        Map<String, Double> metrics = new LinkedHashMap<>(outcome.metrics());
        metrics.put(RoundReport.DURATION_METRIC, duration.toNanos() / NANOS_PER_SECOND);
        RoundReport report = new RoundReport(data.snapshotId(), round, id.name(), store.directoryOf(id), parent,
                outcome.steps(), outcome.loss(), Collections.unmodifiableMap(metrics), duration, outcome.samples());
        Lineage lineage = new Lineage(id.name(), round, data.snapshotId(), data.manifestSha256(), parent,
                config.model());
        try {
            store.publish(id, policy, config, tokenizer, report, lineage);
        } catch (IOException | RuntimeException e) {
            reporter.onFailure(TrainingStage.CHECKPOINT);
            throw e;
        }
        LOG.info("snapshot {} round {}: checkpoint {}, {} steps, loss {}, reward accuracy {}, margin {}, kl {},"
                + " judged win rate {} (judge accuracy {}), {} s", data.snapshotId(), round, id, outcome.steps(),
                format(outcome.loss()), format(metrics.get(RoundReport.EVAL_REWARD_ACCURACY_METRIC)),
                format(metrics.get(RoundReport.EVAL_MARGIN_METRIC)), format(metrics.get(RoundReport.EVAL_KL_METRIC)),
                format(metrics.get(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC)),
                format(metrics.get(RoundReport.JUDGE_EVAL_ACCURACY_METRIC)),
                String.format("%.1f", duration.toNanos() / NANOS_PER_SECOND));
        try {
            listener.onRound(report);
        } catch (RuntimeException e) {
            reporter.onFailure(TrainingStage.CHECKPOINT);
            throw e;
        }
        return report;
    }

    private static String format(Double value) {
        return value == null ? "n/a" : String.format("%.4f", value);
    }
}
