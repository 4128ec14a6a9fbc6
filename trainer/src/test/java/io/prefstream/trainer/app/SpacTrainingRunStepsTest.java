package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.round.SelfPlayPass;
import io.prefstream.trainer.round.TrainingStep;

/** What a training run tells its {@link StepListener}: every step, the self-play passes, and a failure's stage. */
class SpacTrainingRunStepsTest {

    /** The step's loss is read back in float32; its terms add up to it within float32 rounding. */
    private static final double FLOAT_TOLERANCE = 1e-5;

    @Test
    void shouldReportEveryStepOfEveryRoundWithTermsThatAddUpToTheLoss(@TempDir Path root) throws IOException {
        Recorder recorder = new Recorder();
        TrainerConfig config = TestRecords.tinyConfig();

        List<RoundReport> reports = new SpacTrainingRun(recorder).run(TestRecords.data(), config, root,
                RoundListener.NONE);

        for (RoundReport report : reports) {
            List<TrainingStep> steps = recorder.steps.stream().filter(s -> s.round() == report.round()).toList();
            assertThat(steps).as("steps of round %d", report.round()).hasSize(report.steps());
            assertThat(steps).extracting(TrainingStep::step)
                    .isEqualTo(IntStream.rangeClosed(1, report.steps()).boxed().toList());
            assertThat(steps).allSatisfy(s -> assertThat(s.tokens()).isPositive())
                    .allSatisfy(s -> assertThat(s.nanos()).isPositive());
        }
        TrainingStep warmStart = recorder.steps.get(0);
        assertThat(warmStart.learningRate()).isEqualTo(config.sftLearningRate());
        assertThat(warmStart.bradleyTerry()).isNaN();
        for (TrainingStep step : recorder.steps.stream().filter(s -> !s.isWarmStart()).toList()) {
            assertThat(step.learningRate()).isEqualTo(config.learningRate());
            assertThat(step.bradleyTerry() + step.pessimism()).isCloseTo(step.loss(), within(FLOAT_TOLERANCE));
            assertThat(step.pessimism()).as("spac preset has a pessimism term").isPositive();
        }
        assertThat(recorder.passes).singleElement().satisfies(pass -> {
            assertThat(pass.round()).isEqualTo(1);
            assertThat(pass.responses()).isEqualTo(config.promptsPerRound() * config.samplesPerPrompt());
            assertThat(pass.tokens()).isBetween((long) pass.responses(),
                    (long) pass.responses() * (config.maxNewTokens() + 1));
        });
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void shouldReportFailureOnceUnderTheStageItBeganIn(@TempDir Path root) {
        Recorder recorder = new Recorder();
        RoundListener failing = report -> {
            throw new IllegalStateException("announcement refused");
        };

        assertThatThrownBy(() -> new SpacTrainingRun(recorder).run(TestRecords.data(), TestRecords.tinyConfig(), root,
                failing)).hasMessage("announcement refused");
        assertThat(recorder.failures).containsExactly(TrainingStage.CHECKPOINT);
    }

    @Test
    void shouldReportFailureOutsideTheNarrowerStagesUnderTraining(@TempDir Path root) {
        Recorder recorder = new Recorder();
        TrainingData noTrainSplit = new TrainingData(TestRecords.SNAPSHOT_ID, "0".repeat(64), List.of(),
                TestRecords.pairs(8, 100));

        assertThatThrownBy(() -> new SpacTrainingRun(recorder).run(noTrainSplit, TestRecords.tinyConfig(), root,
                RoundListener.NONE)).hasMessageContaining("has no train records");
        assertThat(recorder.failures).containsExactly(TrainingStage.TRAINING);
    }

    @Test
    void shouldPassOnOnlyTheFirstFailure() {
        Recorder recorder = new Recorder();
        StepListener once = StepListener.firstFailureOnly(recorder);

        once.onFailure(TrainingStage.SAMPLING);
        once.onFailure(TrainingStage.TRAINING);
        once.onSelfPlay(new SelfPlayPass(1, 2, 3, 4));

        assertThat(recorder.failures).containsExactly(TrainingStage.SAMPLING);
        assertThat(recorder.passes).hasSize(1);
    }

    private static final class Recorder implements StepListener {
        final List<TrainingStep> steps = new ArrayList<>();
        final List<SelfPlayPass> passes = new ArrayList<>();
        final List<TrainingStage> failures = new ArrayList<>();

        @Override
        public void onStep(TrainingStep step) {
            steps.add(step);
        }

        @Override
        public void onSelfPlay(SelfPlayPass pass) {
            passes.add(pass);
        }

        @Override
        public void onFailure(TrainingStage stage) {
            failures.add(stage);
        }
    }
}
