package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.checkpoint.CheckpointId;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.checkpoint.CheckpointStore;
import io.prefstream.trainer.checkpoint.IncompatibleCheckpointException;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.round.RoundReport;

class SpacTrainingRunResumeTest {

    private static final int ROUNDS = 3;
    private static final TrainerConfig CONFIG = TestRecords.tinyConfig().withRounds(ROUNDS);

    @Test
    void shouldEndAResumedRunInTheStateOfAnUninterruptedOne(@TempDir Path temp) throws IOException {
        Path whole = temp.resolve("a");
        Path resumed = temp.resolve("b");
        List<RoundReport> expected = new SpacTrainingRun().run(TestRecords.data(), CONFIG, whole, RoundListener.NONE);

        // stop after round 0, then after round 1, as a kill between rounds would; then finish
        new SpacTrainingRun().run(TestRecords.data(), CONFIG.withRounds(0), resumed, RoundListener.NONE);
        new SpacTrainingRun().run(TestRecords.data(), CONFIG.withRounds(1), resumed, RoundListener.NONE);
        List<String> notified = new ArrayList<>();
        List<RoundReport> actual = new SpacTrainingRun().run(TestRecords.data(), CONFIG, resumed,
                report -> notified.add(report.checkpointId()));

        assertThat(notified).containsExactly("v000007-r2", "v000007-r3");
        assertThat(RunComparison.withoutDurations(actual)).isEqualTo(RunComparison.withoutDurations(expected));
        for (int round = 0; round <= ROUNDS; round++) {
            String name = new CheckpointId(TestRecords.SNAPSHOT_ID, round).name();
            assertThat(RunComparison.parameters(resumed.resolve(name))).as("parameters of %s", name)
                    .isEqualTo(RunComparison.parameters(whole.resolve(name)));
        }
        assertThat(resumed.resolve("v000007-r3").resolve(CheckpointLayout.CONFIG))
                .hasSameTextualContentAs(whole.resolve("v000007-r3").resolve(CheckpointLayout.CONFIG));
        assertThat(Files.readString(resumed.resolve(CheckpointLayout.LATEST)).trim()).isEqualTo("v000007-r3");
    }

    @Test
    void shouldRemoveStagingLeftByACrashWithoutLoadingIt(@TempDir Path root) throws IOException {
        TrainerConfig oneRound = CONFIG.withRounds(1);
        new SpacTrainingRun().run(TestRecords.data(), oneRound.withRounds(0), root, RoundListener.NONE);
        // a kill mid-publish of round 1 leaves its staging directory, here with unloadable parameters
        Path staging = Files.createDirectories(root.resolve(CheckpointLayout.STAGING_PREFIX + "v000007-r1-123"));
        Files.writeString(staging.resolve(RunComparison.PARAMETERS), "not parameters");
        Files.writeString(root.resolve(CheckpointLayout.STAGING_PREFIX + "latest-456.tmp"), "v000007-r1\n");

        List<String> notified = new ArrayList<>();
        List<RoundReport> reports = new SpacTrainingRun().run(TestRecords.data(), oneRound, root,
                report -> notified.add(report.checkpointId()));

        assertThat(RunComparison.stagingEntries(root)).isEmpty();
        assertThat(notified).containsExactly("v000007-r1");
        assertThat(reports).extracting(RoundReport::checkpointId).containsExactly("v000007-r0", "v000007-r1");
        assertThat(RunComparison.parameters(root.resolve("v000007-r1"))).isNotEqualTo("not parameters".getBytes());
    }

    @Test
    void shouldReturnPublishedRoundsWithoutTrainingOrNotifyingWhenAllAreDone(@TempDir Path root) throws IOException {
        TrainerConfig warmStartOnly = CONFIG.withRounds(0);
        List<RoundReport> first = new SpacTrainingRun().run(TestRecords.data(), warmStartOnly, root,
                RoundListener.NONE);
        byte[] parameters = RunComparison.parameters(root.resolve("v000007-r0"));

        List<RoundReport> again = new SpacTrainingRun().run(TestRecords.data(), warmStartOnly, root, report -> {
            throw new AssertionError("no round should run, got " + report.checkpointId());
        });

        assertThat(RunComparison.withoutDurations(again)).isEqualTo(RunComparison.withoutDurations(first));
        assertThat(again.get(0).duration().toMillis()).isEqualTo(first.get(0).duration().toMillis());
        assertThat(RunComparison.parameters(root.resolve("v000007-r0"))).isEqualTo(parameters);
    }

    @Test
    void shouldPointLatestAtTheLastPublishedRoundWhenAKillLeftItBehind(@TempDir Path root) throws IOException {
        new SpacTrainingRun().run(TestRecords.data(), CONFIG.withRounds(0), root, RoundListener.NONE);
        Files.delete(root.resolve(CheckpointLayout.LATEST));

        new SpacTrainingRun().run(TestRecords.data(), CONFIG.withRounds(0), root, RoundListener.NONE);

        assertThat(new CheckpointStore(root).latest()).contains("v000007-r0");
    }

    @Test
    void shouldRefuseToResumeWithAChangedConfigAndNameTheKey(@TempDir Path root) throws IOException {
        new SpacTrainingRun().run(TestRecords.data(), CONFIG.withRounds(0), root, RoundListener.NONE);
        byte[] parameters = RunComparison.parameters(root.resolve("v000007-r0"));

        assertThatThrownBy(() -> new SpacTrainingRun().run(TestRecords.data(), CONFIG.withLearningRate(2e-3), root,
                RoundListener.NONE))
                .isInstanceOf(IncompatibleCheckpointException.class)
                .hasMessageContaining("learning_rate=0.001")
                .hasMessageContaining("learning_rate=0.002")
                .hasMessageContaining("v000007-r0");
        assertThat(RunComparison.parameters(root.resolve("v000007-r0"))).isEqualTo(parameters);
    }

    @Test
    void shouldRefuseToResumeOnDifferentSnapshotContents(@TempDir Path root) throws IOException {
        new SpacTrainingRun().run(TestRecords.data(), CONFIG.withRounds(0), root, RoundListener.NONE);
        TrainingData changed = new TrainingData(TestRecords.SNAPSHOT_ID, "1".repeat(64), TestRecords.pairs(24, 0),
                TestRecords.pairs(8, 100));

        assertThatThrownBy(() -> new SpacTrainingRun().run(changed, CONFIG, root, RoundListener.NONE))
                .isInstanceOf(IncompatibleCheckpointException.class)
                .hasMessageContaining("snapshot_manifest_sha256");
    }
}
