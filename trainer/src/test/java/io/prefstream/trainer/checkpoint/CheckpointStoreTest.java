package io.prefstream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.Device;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.SequenceScorer;
import io.prefstream.trainer.round.RoundReport;

class CheckpointStoreTest {

    private static final ByteTokenizer BYTES = ByteTokenizer.INSTANCE;

    private static final TrainerConfig CONFIG = TestRecords.tinyConfig();

    private static RoundReport report(CheckpointStore store, CheckpointId id) {
        return new RoundReport(id.snapshotId(), id.round(), id.name(), store.directoryOf(id), null, 3, 0.5,
                Map.of(RoundReport.EVAL_MARGIN_METRIC, 0.25), Duration.ofMillis(1500));
    }

    private static Lineage lineage(CheckpointId id) {
        return new Lineage(id.name(), id.round(), id.snapshotId(), "ab".repeat(32), null, CONFIG.model());
    }

    @Test
    void shouldNameCheckpointAfterSnapshotAndRound() {
        assertThat(new CheckpointId("v000012", 3).name()).isEqualTo("v000012-r3");
    }

    @Test
    void shouldRejectSnapshotIdThatIsNotAPlainName() {
        assertThatThrownBy(() -> new CheckpointId("../x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPublishCompleteDirectoryAndPointLatestAtIt(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        CheckpointId id = new CheckpointId("v000001", 0);
        try (LanguageModel model = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 1)) {
            Path published = store.publish(id, model, CONFIG, BYTES, report(store, id), lineage(id));

            assertThat(published).isEqualTo(root.toAbsolutePath().resolve("v000001-r0"));
            try (Stream<Path> files = Files.list(published)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("policy-0000.params",
                        CheckpointLayout.CONFIG, CheckpointLayout.TOKENIZER, CheckpointLayout.REPORT,
                        CheckpointLayout.LINEAGE);
            }
            try (Stream<Path> entries = Files.list(root)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("v000001-r0", CheckpointLayout.LATEST);
            }
            assertThat(store.latest()).contains("v000001-r0");
        }
    }

    @Test
    void shouldWriteReportAndLineageAsJson(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        CheckpointId id = new CheckpointId("v000001", 0);
        try (LanguageModel model = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 1)) {
            Path published = store.publish(id, model, CONFIG, BYTES, report(store, id), lineage(id));

            JsonNode report = new ObjectMapper().readTree(published.resolve(CheckpointLayout.REPORT).toFile());
            assertThat(report.get("checkpoint_id").asText()).isEqualTo("v000001-r0");
            assertThat(report.get("metrics").get(RoundReport.EVAL_MARGIN_METRIC).asDouble()).isEqualTo(0.25);
            assertThat(report.get("duration_ms").asLong()).isEqualTo(1500);
            assertThat(CheckpointReader.readLineage(published)).isEqualTo(lineage(id));
            assertThat(CheckpointReader.readConfig(published)).isEqualTo(CONFIG);
        }
    }

    @Test
    void shouldLoadModelThatScoresExactlyAsTheSavedOne(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        CheckpointId id = new CheckpointId("v000001", 1);
        SequenceEncoder encoder = new SequenceEncoder(CONFIG.maxSequenceLength(), CONFIG.maxResponseTokens());
        List<TokenizedSequence> sequences = List.of(encoder.encode("Price: ", "$5"), encoder.encode("Hi", " there"));
        double[] saved;
        Path published;
        try (LanguageModel model = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 2)) {
            saved = new SequenceScorer(2).score(model, sequences);
            published = store.publish(id, model, CONFIG, BYTES, report(store, id), lineage(id));
        }

        try (LanguageModel loaded = CheckpointReader.loadModel(published)) {
            assertThat(new SequenceScorer(2).score(loaded, sequences)).containsExactly(saved);
        }
    }

    @Test
    void shouldReplaceCheckpointWithTheSameIdAndMoveLatest(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        CheckpointId first = new CheckpointId("v000001", 0);
        CheckpointId second = new CheckpointId("v000001", 1);
        try (LanguageModel model = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 1)) {
            store.publish(first, model, CONFIG, BYTES, report(store, first), lineage(first));
            store.publish(second, model, CONFIG, BYTES, report(store, second), lineage(second));
            store.publish(first, model, CONFIG, BYTES, report(store, first), lineage(first));

            assertThat(store.latest()).contains("v000001-r0");
            try (Stream<Path> entries = Files.list(root)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("v000001-r0", "v000001-r1", CheckpointLayout.LATEST);
            }
        }
    }

    @Test
    void shouldReportNoLatestBeforeFirstPublish(@TempDir Path root) throws IOException {
        assertThat(new CheckpointStore(root.resolve("none")).latest()).isEmpty();
    }
}
