package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.trainer.loss.DataResponses;
import io.prefstream.trainer.loss.PessimismForm;
import io.prefstream.trainer.loss.ReferencePolicy;

class TrainerConfigTest {

    @Test
    void shouldDefaultToTheDocumentedSpacSettings() {
        TrainerConfig config = TrainerConfig.preset(TrainerConfig.SPAC);

        assertThat(config.beta()).isEqualTo(0.1);
        assertThat(config.rounds()).isEqualTo(2);
        assertThat(config.lambda()).isEqualTo(1.0);
        assertThat(config.btWeight()).isEqualTo(1.0);
        assertThat(config.pessimismForm()).isEqualTo(PessimismForm.LOGSIGMOID_DIFF);
        assertThat(config.dataResponses()).isEqualTo(DataResponses.CHOSEN_AND_REJECTED);
        assertThat(config.reference()).isEqualTo(ReferencePolicy.PI_T);
        assertThat(config.model()).isEqualTo("small");
        assertThat(config.device()).isEqualTo("cpu");
    }

    @Test
    void shouldSetDpoObjective() {
        TrainerConfig config = TrainerConfig.preset(TrainerConfig.DPO);

        assertThat(config.lambda()).isZero();
        assertThat(config.btWeight()).isEqualTo(1.0);
        assertThat(config.reference()).isEqualTo(ReferencePolicy.PI_REF);
        assertThat(config.needsSelfPlay()).isFalse();
    }

    @Test
    void shouldSetSpinObjective() {
        TrainerConfig config = TrainerConfig.preset(TrainerConfig.SPIN);

        assertThat(config.btWeight()).isZero();
        assertThat(config.lambda()).isPositive();
        assertThat(config.pessimismForm()).isEqualTo(PessimismForm.LOGSIGMOID_DIFF);
        assertThat(config.dataResponses()).isEqualTo(DataResponses.CHOSEN);
        assertThat(config.reference()).isEqualTo(ReferencePolicy.PI_T);
    }

    @Test
    void shouldApplyJsonFileThenOverrides(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("trainer.json");
        Files.writeString(file, "{\"objective\": \"dpo\", \"beta\": 0.25, \"rounds\": 5, \"model\": \"tiny\"}");

        TrainerConfig config = TrainerConfigLoader.load(file, Map.of("rounds", "3", "lambda", "0.5"));

        assertThat(config.objective()).isEqualTo("dpo");
        assertThat(config.reference()).isEqualTo(ReferencePolicy.PI_REF);
        assertThat(config.beta()).isEqualTo(0.25);
        assertThat(config.rounds()).isEqualTo(3);
        assertThat(config.lambda()).isEqualTo(0.5);
        assertThat(config.model()).isEqualTo("tiny");
    }

    @Test
    void shouldReadPropertiesFileWithCoupledLengths(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("trainer.properties");
        Files.writeString(file, "max_sequence_length=64\nmax_response_tokens=24\nmax_new_tokens=12\n"
                + "pessimism_form=linear\n");

        TrainerConfig config = TrainerConfigLoader.load(file, Map.of());

        assertThat(config.maxSequenceLength()).isEqualTo(64);
        assertThat(config.maxResponseTokens()).isEqualTo(24);
        assertThat(config.maxNewTokens()).isEqualTo(12);
        assertThat(config.pessimismForm()).isEqualTo(PessimismForm.LINEAR);
    }

    @Test
    void shouldRoundTripThroughItsJson(@TempDir Path directory) throws IOException {
        TrainerConfig config = TrainerConfig.preset(TrainerConfig.SPIN).withBeta(0.3).withSeed(7).withTopP(0.8);
        Path file = directory.resolve("config.json");
        Files.write(file, TrainerConfigLoader.toJson(config));

        assertThat(TrainerConfigLoader.load(file, Map.of())).isEqualTo(config);
    }

    @Test
    void shouldRejectUnknownKeyNamingIt() {
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).with("betta", "0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'betta'");
    }

    @Test
    void shouldRejectUnparsableValueNamingKeyAndValue() {
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).with("rounds", "two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'two'").hasMessageContaining("'rounds'");
    }

    @Test
    void shouldRejectNewTokensBeyondResponseCap() {
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).withLengths(64, 20, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_new_tokens").hasMessageContaining("30");
    }

    @Test
    void shouldDefaultToAByteTokenizerAndATinyJudgeWithThreeSamples() {
        TrainerConfig config = TrainerConfig.preset(TrainerConfig.SPAC);

        assertThat(config.tokenizer()).isEqualTo("byte");
        assertThat(config.judge()).isTrue();
        assertThat(config.judgeModel()).isEqualTo("tiny");
        assertThat(config.judgeEpochs()).isEqualTo(2);
        assertThat(config.sampleGenerations()).isEqualTo(3);
        assertThat(config.modelSpec().vocabSize()).isEqualTo(259);
    }

    @Test
    void shouldReadJudgeAndTokenizerKeysAndWriteTheSwitchAsABoolean(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("trainer.properties");
        Files.writeString(file, "judge=FALSE\njudge_model=small\njudge_epochs=3\njudge_learning_rate=0.002\n"
                + "sample_generations=0\ntokenizer=/models/tokenizer.json\n");

        TrainerConfig config = TrainerConfigLoader.load(file, Map.of());
        Path json = directory.resolve("config.json");
        Files.write(json, TrainerConfigLoader.toJson(config));

        assertThat(config.judge()).isFalse();
        assertThat(config.judgeModel()).isEqualTo("small");
        assertThat(config.judgeEpochs()).isEqualTo(3);
        assertThat(config.judgeLearningRate()).isEqualTo(0.002);
        assertThat(config.sampleGenerations()).isZero();
        assertThat(config.tokenizer()).isEqualTo("/models/tokenizer.json");
        assertThat(Files.readString(json)).contains("\"judge\" : false");
        assertThat(TrainerConfigLoader.load(json, Map.of())).isEqualTo(config);
    }

    @Test
    void shouldRejectAJudgeSwitchThatIsNotABoolean() {
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).with("judge", "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yes'").hasMessageContaining("'judge'");
    }

    @Test
    void shouldRejectUnknownJudgePresetAndZeroJudgeEpochs() {
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).withJudgeModel("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'judge_model'");
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).withJudgeEpochs(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("judge_epochs");
    }

    @Test
    void shouldSizeTheModelFromTheTokenizerWhenItIsNotTheByteTokenizer() {
        TrainerConfig config = TrainerConfig.preset(TrainerConfig.SPAC).withTokenizer("/models/tokenizer.json");

        assertThatThrownBy(config::modelSpec).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tokenizer");
        assertThat(config.modelSpec(1003).vocabSize()).isEqualTo(1003);
        assertThat(config.judgeSpec(1003).preset()).isEqualTo("tiny");
    }

    @Test
    void shouldRejectUnknownModelPreset() {
        assertThatThrownBy(() -> TrainerConfig.preset(TrainerConfig.SPAC).withModel("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'model'");
    }

    @Test
    void shouldRefuseNonFiniteNumbersAndSequencesPastTheLimit() {
        TrainerConfig spac = TrainerConfig.preset("spac");
        for (String key : new String[] {"beta", "lambda", "learning_rate", "temperature", "bt_weight"}) {
            for (String value : new String[] {"Infinity", "NaN"}) {
                assertThatThrownBy(() -> spac.with(key, value)).as("%s=%s", key, value)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
            }
        }
        assertThatThrownBy(() -> spac.with("max_sequence_length", "99999999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_sequence_length")
                .hasMessageContaining("16384");
    }
}
