package io.prefstream.trainer.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.trainer.app.TrainerConfig;

/**
 * SPAC's central claim in miniature: pessimism against self-play keeps the policy off actions
 * the preference data do not cover, where DPO's extrapolation through shared features walks
 * into them.
 *
 * <p>On a {@link PreferenceBandit}, DPO learns "quality is good" from the covered pairs and,
 * since the data never vary novelty, has no reason to hold back from the novel trap action
 * whose quality looks best. SPAC samples from {@code pi_t}, and its pessimism term pushes the
 * reward of whatever the policy drifts to below that of the data's responses; on the trap that
 * can only be done through the novelty weight. Both objectives are the trainer's presets
 * ({@code spac}: lambda 1, log-sigmoid-diff against chosen and rejected, reference pi_t;
 * {@code dpo}: lambda 0, reference pi_ref), and both get the same rounds and steps.
 */
class SpacBanditTest {

    private static final Logger LOG = LoggerFactory.getLogger(SpacBanditTest.class);

    /** Seeds of the bandit: features, base logits and preference labels. */
    private static final int SEEDS = 10;
    /** Rounds of the main comparison. */
    private static final int ROUNDS = 3;
    /** Rounds of the printed table. */
    private static final int TABLE_ROUNDS = 5;
    private static final double[] TABLE_LAMBDAS = {0, 0.1, 0.5, 1, 2};

    /** Smallest mean advantage in true value (rewards span about [-4, 1]) that counts as SPAC winning. */
    private static final double MIN_MEAN_GAP = 0.5;
    /** Fewest seeds out of {@link #SEEDS} in which SPAC must be the better (or less uncovered) policy. */
    private static final int MIN_SEED_WINS = 8;
    /** Smallest drop in mean probability on uncovered actions, SPAC against DPO. */
    private static final double MIN_MASS_DROP = 0.5;
    /** Largest mean gap without pessimism, where SPAC is DPO re-anchored to pi_t each round. */
    private static final double MAX_GAP_WITHOUT_PESSIMISM = 0.05;
    /** From this round on, every lambda of at least {@link #TABLE_MIN_LAMBDA} must beat DPO by the margin. */
    private static final int TABLE_FROM_ROUND = 2;
    private static final double TABLE_MIN_LAMBDA = 0.5;

    private static final TrainerConfig SPAC = TrainerConfig.preset(TrainerConfig.SPAC);
    private static final TrainerConfig DPO = TrainerConfig.preset(TrainerConfig.DPO);

    @Test
    void shouldReachHigherTrueValueThanDpoWhenUncoveredActionsLookAttractive() {
        List<Outcome> outcomes = compare(SPAC.lambda(), ROUNDS).get(ROUNDS - 1);
        outcomes.forEach(o -> LOG.info("seed {}: true value spac {} dpo {} (best covered action {}), uncovered mass "
                + "spac {} dpo {}", o.seed(), format(o.spacValue()), format(o.dpoValue()), format(o.bestCovered()),
                format(o.spacUncovered()), format(o.dpoUncovered())));

        assertThat(meanGap(outcomes)).as("mean SPAC - DPO true value over %d seeds", SEEDS)
                .isGreaterThanOrEqualTo(MIN_MEAN_GAP);
        assertThat(wins(outcomes)).as("seeds where SPAC beats DPO, gaps %s", gaps(outcomes))
                .isGreaterThanOrEqualTo(MIN_SEED_WINS);
    }

    @Test
    void shouldPutLessMassThanDpoOnUncoveredActions() {
        List<Outcome> outcomes = compare(SPAC.lambda(), ROUNDS).get(ROUNDS - 1);

        double spac = outcomes.stream().mapToDouble(Outcome::spacUncovered).average().orElseThrow();
        double dpo = outcomes.stream().mapToDouble(Outcome::dpoUncovered).average().orElseThrow();
        long lower = outcomes.stream().filter(o -> o.spacUncovered() < o.dpoUncovered()).count();
        assertThat(dpo - spac).as("mean uncovered mass: spac %s, dpo %s", spac, dpo)
                .isGreaterThanOrEqualTo(MIN_MASS_DROP);
        assertThat(lower).as("seeds where SPAC puts less mass on uncovered actions").isGreaterThanOrEqualTo(
                MIN_SEED_WINS);
    }

    @Test
    void shouldNotBeatDpoWithoutPessimism() {
        List<List<Outcome>> byRound = compare(0, ROUNDS);

        for (List<Outcome> outcomes : byRound) {
            assertThat(Math.abs(meanGap(outcomes))).as("mean gap at lambda 0, gaps %s", gaps(outcomes))
                    .isLessThanOrEqualTo(MAX_GAP_WITHOUT_PESSIMISM);
            assertThat(claimHolds(outcomes)).as("the claim's test passing at lambda 0, gaps %s", gaps(outcomes))
                    .isFalse();
        }
    }

    @Test
    void shouldBeatDpoForEveryLambdaFromHalfOnceSelfPlayHasRun() {
        StringBuilder table = new StringBuilder(String.format(
                "SPAC - DPO true value, mean over %d seeds (seeds SPAC wins); uncovered mass in brackets%n%8s",
                SEEDS, "lambda"));
        for (int round = 1; round <= TABLE_ROUNDS; round++) {
            table.append(String.format("%26s", "rounds=" + round));
        }
        List<String> failures = new ArrayList<>();
        for (double lambda : TABLE_LAMBDAS) {
            table.append(String.format("%n%8.2f", lambda));
            List<List<Outcome>> byRound = compare(lambda, TABLE_ROUNDS);
            for (int round = 1; round <= TABLE_ROUNDS; round++) {
                List<Outcome> outcomes = byRound.get(round - 1);
                table.append(String.format("%8.3f (%2d) [%.2f/%.2f]", meanGap(outcomes), wins(outcomes),
                        outcomes.stream().mapToDouble(Outcome::spacUncovered).average().orElseThrow(),
                        outcomes.stream().mapToDouble(Outcome::dpoUncovered).average().orElseThrow()));
                if (lambda >= TABLE_MIN_LAMBDA && round >= TABLE_FROM_ROUND && !claimHolds(outcomes)) {
                    failures.add("lambda " + lambda + " round " + round + ": gaps " + gaps(outcomes));
                }
            }
        }
        LOG.info("bandit, {} rounds of {} steps:\n{}", TABLE_ROUNDS, BanditTrainer.STEPS_PER_ROUND, table);

        assertThat(failures).as("settings where SPAC does not beat DPO by %s in %d seeds", MIN_MEAN_GAP,
                MIN_SEED_WINS).isEmpty();
    }

    /** True value and uncovered mass of SPAC and DPO on one seed after some rounds. */
    private record Outcome(long seed, double bestCovered, double spacValue, double dpoValue, double spacUncovered,
            double dpoUncovered) {

        double gap() {
            return spacValue - dpoValue;
        }
    }

    /** Trains DPO and SPAC with the given lambda on every seed; returns the outcomes after each round. */
    private static List<List<Outcome>> compare(double lambda, int rounds) {
        List<List<Outcome>> byRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            byRound.add(new ArrayList<>());
        }
        for (long seed = 0; seed < SEEDS; seed++) {
            PreferenceBandit bandit = PreferenceBandit.generate(seed);
            List<double[]> dpo = new BanditTrainer(bandit, RowObjective.of(DPO), DPO.reference()).train(rounds);
            List<double[]> spac = new BanditTrainer(bandit, RowObjective.of(SPAC).withLambda(lambda),
                    SPAC.reference()).train(rounds);
            for (int round = 0; round < rounds; round++) {
                byRound.get(round).add(new Outcome(seed, bandit.bestCoveredValue(), bandit.trueValue(spac.get(round)),
                        bandit.trueValue(dpo.get(round)), bandit.uncoveredMass(spac.get(round)),
                        bandit.uncoveredMass(dpo.get(round))));
            }
        }
        return byRound;
    }

    private static boolean claimHolds(List<Outcome> outcomes) {
        return meanGap(outcomes) >= MIN_MEAN_GAP && wins(outcomes) >= MIN_SEED_WINS;
    }

    private static double meanGap(List<Outcome> outcomes) {
        return outcomes.stream().mapToDouble(Outcome::gap).average().orElseThrow();
    }

    private static long wins(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.gap() > 0).count();
    }

    private static List<String> gaps(List<Outcome> outcomes) {
        return outcomes.stream().map(o -> format(o.gap())).toList();
    }

    private static String format(double value) {
        return String.format("%.3f", value);
    }
}
