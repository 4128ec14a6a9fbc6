package io.prefstream.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReportTest {

    @TempDir
    Path root;

    private void checkpoint(String snapshot, int round, double accuracy) throws IOException {
        String id = snapshot + "-r" + round;
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("report.json"), String.format(java.util.Locale.ROOT, """
                {"snapshot_id": "%s", "round": %d, "checkpoint_id": "%s", "checkpoint_path": "%s",
                 "parent_checkpoint": null, "steps": 10, "loss": 0.7,
                 "metrics": {"eval.reward_accuracy": %f, "eval.margin": 0.1, "train.loss": 0.7},
                 "duration_ms": 1000}
                """, snapshot, round, id, dir, accuracy));
    }

    @Test
    void shouldDrawEveryCheckpointInSnapshotAndRoundOrder() throws IOException {
        checkpoint("v000002", 0, 0.5);
        checkpoint("v000001", 1, 0.625);
        checkpoint("v000001", 0, 0.5);
        Path page = root.resolve("report.html");

        int shown = TrainingReport.write(root, page);

        String html = Files.readString(page);
        assertThat(shown).isEqualTo(3);
        assertThat(html).contains("<svg").contains("0.6250");
        assertThat(html.indexOf("<td>v000001-r0")).isLessThan(html.indexOf("<td>v000001-r1"));
        assertThat(html.indexOf("<td>v000001-r1")).isLessThan(html.indexOf("<td>v000002-r0"));
        assertThat(html).doesNotContain("<script");
    }

    @Test
    void shouldSaySoWhenThereAreNoCheckpoints() throws IOException {
        Path page = root.resolve("report.html");

        assertThat(TrainingReport.write(root.resolve("missing"), page)).isZero();
        assertThat(Files.readString(page)).contains("No checkpoints");
    }
}
