package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled HH-RLHF harmless-base test split, parsed whole with default settings. */
class HhReferenceFileTest {

    /** Relative to the module directory, Maven's working directory for tests. */
    private static final Path FILE = Path.of("..", "data", "hh-rlhf-harmless-base-test.jsonl.gz");
    private static final String SOURCE = "hh-rlhf-harmless-base-test.jsonl.gz";
    private static final int LINES = 2_312;
    private static final int ACCEPTED = 2_308;
    private static final List<Integer> EMPTY_CHOSEN_LINES = List.of(87, 517, 926, 1104);
    private static final List<Integer> EARLY_DIVERGENCE_LINES = List.of(1255, 1689, 1951, 1953, 2037);

    private static List<CaseFile.Line> lines;
    private static CaseRun run;

    @BeforeAll
    static void parseFile() throws IOException {
        assertThat(FILE).as("bundled reference file").exists();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FILE))) {
            lines = CaseFile.split(in.readAllBytes());
        }
        run = CaseRun.of(SOURCE, lines, new JudgmentParser(ParserConfig.defaults()));
    }

    @Test
    void shouldAcceptAllButFourLinesWithoutDuplicates() {
        assertThat(lines).hasSize(LINES);
        assertThat(run.count(Kind.ACCEPTED)).isEqualTo(ACCEPTED);
        assertThat(run.count(Kind.DUPLICATE)).isZero();
        assertThat(run.count(Kind.BLANK)).isZero();
    }

    @Test
    void shouldRejectOnlyTheLinesWithEmptyFinalChosenTurn() {
        assertThat(run.lines(Kind.REJECTED)).containsExactlyElementsOf(EMPTY_CHOSEN_LINES);
        for (final int line : EMPTY_CHOSEN_LINES) {
            assertThat(run.line(line).rejection().reason()).as("line %d", line).isEqualTo(RejectReason.EMPTY_RESPONSE);
            assertThat(run.line(line).rejection().field()).as("line %d", line).isEqualTo("chosen");
        }
    }

    @Test
    void shouldSplitEarlyDivergenceLinesByTheSharedPrefixRule() {
        for (final int number : EARLY_DIVERGENCE_LINES) {
            final PreferenceRecord record = run.line(number).record();
            HhSplitCasesTest.assertRebuilds(record, lines.get(number - 1).bytes());
            assertThat(record.getChosen() + record.getRejected()).as("line %d", number)
                    .contains(PromptTemplate.ASSISTANT_MARKER);
        }
    }

    @Test
    void shouldRebuildEveryAcceptedTranscriptFromPromptAndResponse() {
        for (final CaseFile.Line line : lines) {
            if (run.line(line.number()).kind() == Kind.ACCEPTED) {
                HhSplitCasesTest.assertRebuilds(run.line(line.number()).record(), line.bytes());
            }
        }
        run.assertStoredTextIsCleanNfc();
    }
}
