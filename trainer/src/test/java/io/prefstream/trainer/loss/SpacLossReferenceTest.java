package io.prefstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.model.LanguageModel;

/**
 * Compares {@link SpacLoss} values and autograd gradients with an independent float64 PyTorch
 * implementation of the objective.
 *
 * <p>The expected values are committed test data, {@code reference/spac_reference.json}, written
 * by {@code trainer/src/test/python/spac_reference.py} (its header says how to regenerate it);
 * this test only reads them. The reference writes the loss per prompt, a pair with {@code S}
 * self-play samples; here each prompt becomes {@code S} rows the way {@code SpacRound} repeats a
 * pair per sample, so the gradients flow back to the per-prompt arrays through that repetition.
 */
class SpacLossReferenceTest {

    private static final String RESOURCE = "/reference/spac_reference.json";

    /** Largest absolute difference accepted on float64 inputs, for loss values and every gradient entry. */
    private static final double TOLERANCE = 1e-5;

    /**
     * Largest difference accepted on float32 inputs, relative to {@code max(1, |expected|)}: the
     * trainer feeds float32 log-probabilities, and losses on the large-margin input reach 185,
     * where one float32 ulp alone is 1.5e-5.
     */
    private static final double FLOAT32_RELATIVE_TOLERANCE = 1e-5;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Reference REFERENCE = read();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchPyTorchReferenceInFloat64(Case expected) {
        Result actual = evaluate(expected, DataType.FLOAT64);

        assertThat(Math.abs(actual.loss() - expected.loss()))
                .as("loss %s vs reference %s (tolerance %s)", actual.loss(), expected.loss(), TOLERANCE)
                .isLessThanOrEqualTo(TOLERANCE);
        assertGradientClose(actual.gradient(), expected.gradient(), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchPyTorchReferenceInFloat32AsTheTrainerFeedsIt(Case expected) {
        Result actual = evaluate(expected, DataType.FLOAT32);

        double allowed = FLOAT32_RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected.loss()));
        assertThat(Math.abs(actual.loss() - expected.loss()))
                .as("float32 loss %s vs reference %s (tolerance %s)", actual.loss(), expected.loss(), allowed)
                .isLessThanOrEqualTo(allowed);
        assertGradientClose(actual.gradient(), expected.gradient(), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {TrainerConfig.SPAC, TrainerConfig.DPO, TrainerConfig.SPIN})
    void shouldBuildThePresetObjectivesTheReferenceEvaluates(String preset) {
        TrainerConfig config = TrainerConfig.preset(preset);
        List<Case> cases = REFERENCE.cases().stream().filter(c -> preset.equals(c.preset())).toList();

        assertThat(cases).as("reference cases of preset %s", preset).isNotEmpty();
        for (Case c : cases) {
            assertThat(new double[] {config.beta(), config.lambda(), config.btWeight()}).as(c.toString())
                    .containsExactly(c.beta(), c.lambda(), c.btWeight());
            assertThat(config.pessimismForm()).as(c.toString()).isEqualTo(c.pessimismForm());
            assertThat(config.dataResponses()).as(c.toString()).isEqualTo(c.dataResponses());
            assertThat(config.reference()).as(c.toString()).isEqualTo(c.reference());
        }
    }

    @Test
    void shouldCoverEveryFormAndDataResponsesSettingOnEveryInput() {
        for (Input input : REFERENCE.inputs()) {
            for (PessimismForm form : PessimismForm.values()) {
                for (DataResponses data : DataResponses.values()) {
                    assertThat(REFERENCE.cases()).as("%s / %s on %s", form, data, input.name())
                            .anyMatch(c -> c.input().equals(input.name()) && c.preset() == null
                                    && c.pessimismForm() == form && c.dataResponses() == data);
                }
            }
        }
    }

    static Stream<Named<Case>> cases() {
        return REFERENCE.cases().stream().map(c -> Named.of(c.toString(), c));
    }

    /** Runs SpacLoss on the case's input, with the policy log-probabilities as gradient leaves. */
    private static Result evaluate(Case c, DataType type) {
        Input input = REFERENCE.input(c.input());
        Scores reference = c.reference() == ReferencePolicy.PI_T ? input.piT() : input.piRef();
        SpacLoss loss = new SpacLoss((float) c.beta(), (float) c.btWeight(), (float) c.lambda(), c.pessimismForm(),
                c.dataResponses());
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine(LanguageModel.ENGINE).defaultDevice(),
                LanguageModel.ENGINE)) {
            NDList leaves = input.policy().arrays(manager, type);
            leaves.forEach(a -> a.setRequiresGradient(true));
            double value;
            try (GradientCollector collector = Engine.getEngine(LanguageModel.ENGINE).newGradientCollector()) {
                NDArray result = loss.evaluate(rows(reference.arrays(manager, type)), rows(leaves));
                collector.backward(result);
                value = result.toType(DataType.FLOAT64, false).getDouble();
            }
            return new Result(value, new Scores(gradient(leaves.get(0)), gradient(leaves.get(1)),
                    rowsOf(gradient(leaves.get(2)), input.samples())));
        }
    }

    /**
     * Turns per-prompt arrays {@code (chosen [N], rejected [N], selfPlay [N, S])} into the trainer's
     * rows: prompt {@code i}'s pair repeated for each of its {@code S} samples, {@code [N * S]} each.
     */
    private static NDList rows(NDList prompts) {
        NDArray selfPlay = prompts.get(2);
        long samples = selfPlay.getShape().get(1);
        return new NDList(repeatPerSample(prompts.get(0), samples), repeatPerSample(prompts.get(1), samples),
                selfPlay.reshape(-1));
    }

    private static NDArray repeatPerSample(NDArray perPrompt, long samples) {
        return perPrompt.reshape(-1, 1).repeat(1, samples).reshape(-1);
    }

    private static double[] gradient(NDArray leaf) {
        return leaf.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double[][] rowsOf(double[] flat, int width) {
        double[][] rows = new double[flat.length / width][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return rows;
    }

    private static void assertGradientClose(Scores actual, Scores expected, boolean float32) {
        assertClose("chosen", new double[][] {actual.chosen()}, new double[][] {expected.chosen()}, float32);
        assertClose("rejected", new double[][] {actual.rejected()}, new double[][] {expected.rejected()}, float32);
        assertClose("selfPlay", actual.selfPlay(), expected.selfPlay(), float32);
    }

    /**
     * Asserts one gradient part entry by entry: within {@link #TOLERANCE}, or for float32 within
     * {@link #FLOAT32_RELATIVE_TOLERANCE} times {@code max(1, |expected|)}.
     */
    private static void assertClose(String part, double[][] actual, double[][] expected, boolean float32) {
        double[] flatActual = Arrays.stream(actual).flatMapToDouble(Arrays::stream).toArray();
        double[] flatExpected = Arrays.stream(expected).flatMapToDouble(Arrays::stream).toArray();
        assertThat(flatActual).as("d loss / d %s", part).hasSameSizeAs(flatExpected);
        for (int i = 0; i < flatExpected.length; i++) {
            double allowed = float32 ? FLOAT32_RELATIVE_TOLERANCE * Math.max(1, Math.abs(flatExpected[i]))
                    : TOLERANCE;
            assertThat(Math.abs(flatActual[i] - flatExpected[i]))
                    .as("d loss / d %s[%d]: %s vs reference %s (tolerance %s)", part, i, flatActual[i],
                            flatExpected[i], allowed)
                    .isLessThanOrEqualTo(allowed);
        }
    }

    private static Reference read() {
        try (InputStream in = SpacLossReferenceTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + RESOURCE + " is missing");
            }
            return JSON.readValue(in, Reference.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The reference file: inputs and the expected result of each objective on them. */
    record Reference(String torchVersion, List<Input> inputs, List<Case> cases) {

        Input input(String name) {
            return inputs.stream().filter(i -> i.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("reference has no input " + name));
        }
    }

    /** Log-probabilities of the policy, pi_t and pi_ref on one set of prompts. */
    record Input(String name, Scores policy, Scores piT, Scores piRef) {

        int samples() {
            return policy.selfPlay()[0].length;
        }
    }

    /** Sequence log-probabilities of one policy: {@code chosen [N]}, {@code rejected [N]}, {@code selfPlay [N][S]}. */
    record Scores(double[] chosen, double[] rejected, double[][] selfPlay) {

        NDList arrays(NDManager manager, DataType type) {
            return new NDList(manager.create(chosen).toType(type, false),
                    manager.create(rejected).toType(type, false), manager.create(selfPlay).toType(type, false));
        }
    }

    /** One objective on one input, with the reference loss and gradients w.r.t. the policy scores. */
    record Case(String input, String label, String preset, double beta, double lambda, double btWeight,
            PessimismForm pessimismForm, DataResponses dataResponses, ReferencePolicy reference, double loss,
            Scores gradient) {

        @Override
        public String toString() {
            return label + " on " + input;
        }
    }

    /** What SpacLoss gave: the loss and its gradient w.r.t. the policy scores, shaped like the input. */
    private record Result(double loss, Scores gradient) {
    }
}
