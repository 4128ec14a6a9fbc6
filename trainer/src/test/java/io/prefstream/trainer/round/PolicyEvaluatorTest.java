package io.prefstream.trainer.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.Device;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.PromptFormat;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.judge.Judge;
import io.prefstream.trainer.judge.RewardModel;
import io.prefstream.trainer.model.LanguageModel;

class PolicyEvaluatorTest {

    private static final int PROMPTS = 16;
    private static final TrainerConfig CONFIG = TestRecords.tinyConfig().withEvalSamplePrompts(PROMPTS)
            .withSampleGenerations(2);
    private static final List<PreferenceExample> EVAL = TrainingData.encode(TestRecords.pairs(PROMPTS, 100),
            new SequenceEncoder(CONFIG.maxSequenceLength(), CONFIG.maxResponseTokens()));
    private static final double JUDGE_ACCURACY = 0.75;

    private static Judge untrainedJudge() {
        return new Judge(RewardModel.create(CONFIG.judgeSpec(ByteTokenizer.VOCAB_SIZE), Device.cpu(), 5), 16,
                JUDGE_ACCURACY);
    }

    @Test
    void shouldScoreAPolicyAgainstAnIdenticalReferenceAtExactlyHalfInEveryRound() {
        // two models with the same weights but not the same object: the evaluator cannot take a shortcut
        try (LanguageModel policy = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 3);
                LanguageModel reference = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 3);
                Judge judge = untrainedJudge()) {
            PolicyEvaluator evaluator = new PolicyEvaluator(CONFIG, EVAL, ByteTokenizer.INSTANCE, judge);

            // with an independent draw for the reference, 16 prompts land on exactly 0.5 about one time in five
            for (int round = 1; round <= 3; round++) {
                Evaluation evaluation = evaluator.evaluate(policy, reference, round);

                assertThat(evaluation.metrics().get(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC)).as("round %d", round)
                        .isEqualTo(0.5);
                assertThat(evaluation.metrics().get(RoundReport.JUDGE_EVAL_ACCURACY_METRIC)).isEqualTo(JUDGE_ACCURACY);
            }
        }
    }

    @Test
    void shouldReturnTheFirstSampleGenerationsDecodedAndReproducible() {
        try (LanguageModel policy = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 3)) {
            PolicyEvaluator evaluator = new PolicyEvaluator(CONFIG, EVAL, ByteTokenizer.INSTANCE, null);

            List<SampleGeneration> first = evaluator.evaluate(policy, policy, 1).samples();
            List<SampleGeneration> again = evaluator.evaluate(policy, policy, 1).samples();
            List<SampleGeneration> otherRound = evaluator.evaluate(policy, policy, 2).samples();

            assertThat(first).hasSize(2).isEqualTo(again).isNotEqualTo(otherRound);
            assertThat(first.get(0).prompt()).isEqualTo(PromptFormat.format(TestRecords.pairs(1, 100).get(0)
                    .getPrompt()));
            assertThat(first.get(1).prompt()).isEqualTo(PromptFormat.format(TestRecords.pairs(2, 100).get(1)
                    .getPrompt()));
            assertThat(first.get(0).response()).isNotEmpty();
        }
    }

    @Test
    void shouldReportNoJudgeMetricsOrSamplesWhenTurnedOff() {
        try (LanguageModel policy = LanguageModel.create(CONFIG.modelSpec(), Device.cpu(), 3)) {
            Evaluation evaluation = new PolicyEvaluator(CONFIG.withSampleGenerations(0), EVAL, ByteTokenizer.INSTANCE,
                    null).evaluate(policy, policy, 0);

            assertThat(evaluation.metrics()).containsKey(RoundReport.EVAL_KL_METRIC)
                    .doesNotContainKeys(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC, RoundReport.JUDGE_EVAL_ACCURACY_METRIC);
            assertThat(evaluation.samples()).isEmpty();
        }
    }
}
