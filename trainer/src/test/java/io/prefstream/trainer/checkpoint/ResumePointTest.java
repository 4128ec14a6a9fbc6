package io.prefstream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.Device;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;

class ResumePointTest {

    private static final TrainerConfig CONFIG = TestRecords.tinyConfig();
    private static final String SNAPSHOT = "v000003";
    private static final String MANIFEST = "ab".repeat(32);

    /** Publishes rounds {@code 0..last} of {@link #SNAPSHOT} with an untrained model. */
    private static void publishRounds(CheckpointStore store, TrainerConfig config, int... rounds) throws IOException {
        try (LanguageModel model = LanguageModel.create(config.modelSpec(), Device.cpu(), 1)) {
            for (int round : rounds) {
                CheckpointId id = new CheckpointId(SNAPSHOT, round);
                String parent = round == 0 ? null : new CheckpointId(SNAPSHOT, round - 1).name();
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put(RoundReport.EVAL_MARGIN_METRIC, 0.1 + round / 3.0);
                metrics.put(RoundReport.EVAL_KL_METRIC, Double.NaN);
                RoundReport report = new RoundReport(SNAPSHOT, round, id.name(), store.directoryOf(id), parent,
                        round + 2, Math.PI / (round + 1), metrics, Duration.ofMillis(1234 + round));
                store.publish(id, model, config, ByteTokenizer.INSTANCE, report,
                        new Lineage(id.name(), round, SNAPSHOT, MANIFEST, parent, config.model()));
            }
        }
    }

    @Test
    void shouldDescribeTheByteTokenizerInEveryCheckpoint(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG, 0);

        JsonNode tokenizer = new ObjectMapper().readTree(root.resolve("v000003-r0")
                .resolve(CheckpointLayout.TOKENIZER).toFile());
        assertThat(tokenizer.get("type").asText()).isEqualTo(TokenizerDescription.TYPE);
        assertThat(tokenizer.get("vocab_size").asInt()).isEqualTo(ByteTokenizer.VOCAB_SIZE);
        assertThat(tokenizer.get("special_ids").get("bos").asInt()).isEqualTo(ByteTokenizer.BOS);
        assertThat(tokenizer.get("special_ids").get("eos").asInt()).isEqualTo(ByteTokenizer.EOS);
        assertThat(tokenizer.get("special_ids").get("pad").asInt()).isEqualTo(ByteTokenizer.PAD);
    }

    @Test
    void shouldListPublishedRoundsUpToTheFirstGap(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG, 0, 1, 3);

        assertThat(store.completed(SNAPSHOT)).extracting(CheckpointId::name)
                .containsExactly("v000003-r0", "v000003-r1");
        assertThat(store.completed("v00000")).isEmpty();
    }

    @Test
    void shouldReadBackReportsExactlyButForSubMillisecondDuration(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG, 0, 1);

        ResumePoint resume = ResumePoint.find(store, SNAPSHOT, MANIFEST, CONFIG, ByteTokenizer.INSTANCE);

        RoundReport last = resume.last();
        assertThat(resume.nextRound()).isEqualTo(2);
        assertThat(last.checkpointPath()).isEqualTo(root.toAbsolutePath().resolve("v000003-r1"));
        assertThat(last.parentCheckpoint()).isEqualTo("v000003-r0");
        assertThat(last.steps()).isEqualTo(3);
        assertThat(last.loss()).isEqualTo(Math.PI / 2);
        assertThat(last.metrics()).containsExactly(Map.entry(RoundReport.EVAL_MARGIN_METRIC, 0.1 + 1 / 3.0),
                Map.entry(RoundReport.EVAL_KL_METRIC, Double.NaN));
        assertThat(last.duration()).isEqualTo(Duration.ofMillis(1235));
        assertThat(resume.reports().get(0).parentCheckpoint()).isNull();
        assertThat(resume.upTo(0)).hasSize(1);
    }

    @Test
    void shouldAcceptCheckpointsWhoseConfigDiffersOnlyInRounds(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG.withRounds(1), 0, 1);

        ResumePoint resume = ResumePoint.find(store, SNAPSHOT, MANIFEST, CONFIG.withRounds(5), ByteTokenizer.INSTANCE);

        assertThat(resume.nextRound()).isEqualTo(2);
    }

    @Test
    void shouldNameTheFirstConfigKeyThatDiffers(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG, 0);

        assertThatThrownBy(() -> ResumePoint.find(store, SNAPSHOT, MANIFEST, CONFIG.withSeed(7).withBeta(0.2),
                ByteTokenizer.INSTANCE))
                .isInstanceOfSatisfying(IncompatibleCheckpointException.class,
                        e -> assertThat(e.key()).isEqualTo(TrainerConfig.BETA_KEY))
                .hasMessageContaining("beta=0.1 but this run has beta=0.2")
                .hasMessageContaining("v000003-r0");
    }

    @Test
    void shouldRejectACheckpointMadeWithAnotherTokenizer(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG, 0);
        Files.writeString(root.resolve("v000003-r0").resolve(CheckpointLayout.TOKENIZER), "{\"type\":\"bpe\"}\n");

        assertThatThrownBy(() -> ResumePoint.find(store, SNAPSHOT, MANIFEST, CONFIG, ByteTokenizer.INSTANCE))
                .isInstanceOfSatisfying(IncompatibleCheckpointException.class,
                        e -> assertThat(e.key()).isEqualTo(CheckpointLayout.TOKENIZER));
    }

    @Test
    void shouldRemoveStagingEntriesAndNothingElse(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        publishRounds(store, CONFIG, 0);
        Path staging = Files.createDirectories(root.resolve(CheckpointLayout.STAGING_PREFIX + "v000003-r1-9")
                .resolve("nested"));
        Files.writeString(staging.resolve("policy-0000.params"), "partial");
        Files.writeString(root.resolve(CheckpointLayout.STAGING_PREFIX + "latest-1.tmp"), "v000003-r1\n");

        assertThat(store.removeStaging()).isEqualTo(2);

        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("v000003-r0", CheckpointLayout.LATEST);
        }
        assertThat(new CheckpointStore(root.resolve("missing")).removeStaging()).isZero();
    }
}
