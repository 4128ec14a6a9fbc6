package io.prefstream.trainer.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.Device;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.SequenceScorer;

class SftWarmStartTest {

    @Test
    void shouldLowerTheLossOnChosenResponses() {
        TrainerConfig config = TestRecords.tinyConfig().withSftEpochs(4);
        List<PreferenceExample> train = TrainingData.encode(TestRecords.pairs(24, 0),
                new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens()));
        try (LanguageModel policy = LanguageModel.create(config.modelSpec(), Device.cpu(), config.seed())) {
            SequenceScorer scorer = new SequenceScorer(16);
            double before = sum(scorer.score(policy, train.stream().map(PreferenceExample::chosen).toList()));

            SftResult result = new SftWarmStart(config).train(policy, train, TestRecords.SNAPSHOT_ID);

            double after = sum(scorer.score(policy, train.stream().map(PreferenceExample::chosen).toList()));
            assertThat(result.steps()).isEqualTo(4 * 3);
            assertThat(result.lastEpochLoss()).as("last epoch loss vs first").isLessThan(result.firstEpochLoss());
            assertThat(after).as("log-likelihood of chosen responses").isGreaterThan(before);
        }
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
