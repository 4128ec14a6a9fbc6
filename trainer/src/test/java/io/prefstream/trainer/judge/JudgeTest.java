package io.prefstream.trainer.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.model.ModelSpec;

class JudgeTest {

    private static final int EPOCHS = 3;
    private static final double LEARNING_RATE = 3e-3;
    private static final int BATCH = 8;
    private static final long SEED = 42;
    private static final double MIN_HELD_OUT_ACCURACY = 0.9;
    private static final double MIN_WIN_RATE = 0.9;

    private static RewardModel model;
    private static JudgeTrainer.Fit fit;
    private static Judge judge;

    @BeforeAll
    static void trainJudgeOnTheExclamationPreference() {
        model = RewardModel.create(ModelSpec.preset(ModelSpec.TINY, ExclamationPairs.SEQUENCE_LENGTH), Device.cpu(),
                7);
        fit = new JudgeTrainer(EPOCHS, LEARNING_RATE, BATCH, SEED).train(model,
                ExclamationPairs.examples(64, 1));
        List<PreferenceExample> heldOut = ExclamationPairs.examples(32, 2);
        judge = new Judge(model, 16, Judge.accuracy(model, heldOut, 16));
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    @Test
    void shouldRankHeldOutPairsOfALearnedPreference() {
        assertThat(judge.evalAccuracy()).as("held-out accuracy, first/last epoch loss %s", fit)
                .isGreaterThanOrEqualTo(MIN_HELD_OUT_ACCURACY);
        assertThat(fit.lastEpochLoss()).isLessThan(fit.firstEpochLoss());
        assertThat(fit.steps()).isEqualTo(EPOCHS * 64 / BATCH);
    }

    @Test
    void shouldGiveTheWinToTheResponsesItsPreferenceFavours() {
        SequenceEncoder encoder = ExclamationPairs.encoder();
        Random random = new Random(3);
        List<TokenizedSequence> exclaimed = new ArrayList<>();
        List<TokenizedSequence> flat = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String reply = ExclamationPairs.words(random);
            exclaimed.add(encoder.encode("Answer request " + (500 + i), reply + "!"));
            flat.add(encoder.encode("Answer request " + (500 + i), reply + "."));
        }

        double win = judge.winRate(exclaimed, flat);
        double loss = judge.winRate(flat, exclaimed);

        assertThat(win).as("win rate of '!' replies against '.' replies").isGreaterThanOrEqualTo(MIN_WIN_RATE);
        assertThat(loss).isEqualTo(1 - win);
        assertThat(judge.winRate(flat, flat)).isEqualTo(0.5);
    }

    @Test
    void shouldCallTheSameResponseATieWhateverTheBatchShape() {
        SequenceEncoder encoder = ExclamationPairs.encoder();
        Random random = new Random(4);
        for (int i = 0; i < 20; i++) {
            TokenizedSequence reply = encoder.encode("Answer request " + (700 + i), ExclamationPairs.words(random));

            assertThat(judge.winRate(List.of(reply), List.of(reply))).as("reply %d against itself", i)
                    .isEqualTo(0.5);
        }
    }

    @Test
    void shouldCountTiesAsHalf() {
        double[] values = {1, 2, 3, 1, 1, 4};

        assertThat(Judge.preferenceRate(values, 0, 3, 3)).isEqualTo((0.5 + 1 + 0) / 3);
        assertThat(Judge.preferenceRate(values, 3, 0, 3)).isEqualTo((0.5 + 0 + 1) / 3);
    }
}
