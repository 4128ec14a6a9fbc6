package io.prefstream.ops.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.prefstream.ingest.importer.ImportSummary;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.round.SampleGeneration;
import io.prefstream.trainer.service.TrainingOutcome;

/**
 * What a demo run produced, and the summary printed at its end.
 *
 * @param input the imported file
 * @param imported what the import did with the file's lines
 * @param outcomes ingest outcomes
 * @param snapshot the snapshot cut
 * @param rounds training rounds, round 0 being the supervised warm start
 * @param stageMillis wall time per stage
 * @param stageLine the same, formatted
 */
public record DemoReport(Path input, ImportSummary imported, OutcomeCounter.Totals outcomes,
        SnapshotWriter.Result snapshot, List<TrainingOutcome.Round> rounds, Map<String, Long> stageMillis,
        String stageLine) {

    private static final int SAMPLE_PROMPT_CHARS = 60;
    private static final int SAMPLE_RESPONSE_CHARS = 80;

    /** Records read: every non-blank line of the input. */
    public long read() {
        return imported.lines() - imported.blank();
    }

    /** Whether read = accepted + duplicates + dead-lettered. */
    public boolean reconciled() {
        return read() == outcomes.total();
    }

    /**
     * Says whether held-out reward accuracy improved over the warm start by more than two
     * standard errors of the eval set, or honestly that it did not.
     */
    String verdict() {
        if (rounds.size() < 2) {
            return "eval            no SPAC round ran";
        }
        TrainingOutcome.Round first = rounds.get(0);
        TrainingOutcome.Round last = rounds.get(rounds.size() - 1);
        double pairs = last.metrics().getOrDefault("eval.pairs", 0.0);
        double stdError = pairs > 0 ? Math.sqrt(last.rewardAccuracy() * (1 - last.rewardAccuracy()) / pairs)
                : Double.NaN;
        boolean improved = last.rewardAccuracy() - first.rewardAccuracy() > 2 * stdError;
        return String.format("eval            reward accuracy %.3f -> %.3f over %d rounds (standard error %.3f on %.0f"
                + " pairs): %s", first.rewardAccuracy(), last.rewardAccuracy(), last.round(), stdError, pairs,
                improved ? "improved" : "no improvement beyond noise");
    }

    /** Prints the summary. */
    public void print(PrintStream out) {
        out.println();
        out.println("== prefstream demo summary ==");
        out.printf("input           %s%n", input);
        out.printf("records read    %,d  (blank lines skipped: %d)%n", read(), imported.blank());
        out.printf("accepted        %,d%n", outcomes.accepted());
        out.printf("votes added     %,d  (same pair from another annotator)%n", outcomes.votes());
        out.printf("conflicts       %,d  (same pair judged the other way round)%n", outcomes.conflicts());
        out.printf("duplicates      %,d%n", outcomes.duplicates());
        out.printf("dead-lettered   %,d  %s%n", outcomes.deadLettered(), outcomes.deadLetteredByReason());
        out.printf("reconciled      %s: read %,d = accepted %,d + votes %,d + conflicts %,d + duplicates %,d"
                + " + dead-lettered %,d%n", reconciled() ? "yes" : "NO", read(), outcomes.accepted(), outcomes.votes(),
                outcomes.conflicts(), outcomes.duplicates(), outcomes.deadLettered());
        var m = snapshot.manifest();
        out.printf("snapshot        %s  %,d records (train %,d, eval %,d)%n", m.snapshotId(), m.counts().records(),
                m.counts().train(), m.counts().eval());
        out.printf("                records sha256  %s%n",
                m.files().get(io.prefstream.schemas.snapshot.SnapshotLayout.RECORDS).sha256());
        out.printf("                manifest sha256 %s%n", snapshot.manifestSha256());
        out.printf("                %s%n", snapshot.directory().toAbsolutePath());
        out.println("round 0 is the supervised warm start (loss: token cross-entropy); rounds 1.. are SPAC"
                + " (loss: the preference objective); eval columns are on the held-out split");
        out.printf("%-7s %-9s %-10s %-10s %-9s %-10s %-9s %s%n", "round", "loss", "eval acc", "margin", "KL",
                "judge win", "time", "checkpoint");
        for (TrainingOutcome.Round round : rounds) {
            out.printf("%-7s %-9.4f %-10.3f %-10.4f %-9.3f %-10.3f %-9s %s%n",
                    round.round() == 0 ? "0 (sft)" : round.round(), round.loss(), round.rewardAccuracy(),
                    round.margin(), round.metrics().getOrDefault("eval.kl", Double.NaN),
                    round.metrics().getOrDefault(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC, Double.NaN),
                    String.format("%.1f s", round.seconds()), round.checkpoint().toAbsolutePath());
        }
        out.println(verdict());
        judgeLine(out);
        samples(out);
        out.printf("stage times     %s%n", stageLine);
    }

    /** Prints how the judge rated the last round against the warm start, and how far to trust it. */
    private void judgeLine(PrintStream out) {
        Map<String, Double> last = rounds.isEmpty() ? Map.of() : rounds.get(rounds.size() - 1).metrics();
        if (last.containsKey(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC)) {
            out.printf("judge           last round wins %.3f against the warm start (ties half, 0.5 = no"
                    + " difference); the judge ranks %.3f of eval pairs correctly%n",
                    last.get(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC),
                    last.getOrDefault(RoundReport.JUDGE_EVAL_ACCURACY_METRIC, Double.NaN));
        }
    }

    /** Prints the last round's sample generations, one line each, shortened. */
    private void samples(PrintStream out) {
        if (rounds.isEmpty() || rounds.get(rounds.size() - 1).samples().isEmpty()) {
            return;
        }
        TrainingOutcome.Round last = rounds.get(rounds.size() - 1);
        out.printf("samples         round %d on the first eval prompts (prompt end -> response)%n", last.round());
        for (SampleGeneration sample : last.samples()) {
            out.printf("                \"%s\" -> \"%s\"%s%n",
                    SampleGeneration.tail(oneLine(sample.prompt()), SAMPLE_PROMPT_CHARS),
                    head(oneLine(sample.response()), SAMPLE_RESPONSE_CHARS), sample.complete() ? "" : " [max tokens]");
        }
    }

    /** Returns the text with control characters and runs of whitespace turned into single spaces. */
    static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }

    private static String head(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end) + SampleGeneration.CUT;
    }
}
