package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Feeds a case file through a fresh parser with default settings and an empty set of seen content keys, the
 * way a fresh pipeline would, and records what happened to each line.
 */
final class CaseRun {

    /** Fixed arrival time, so records built from the same line are equal. */
    /** What happened to a line. */
    enum Kind { ACCEPTED, DUPLICATE, REJECTED, BLANK }

    /** One line's outcome; {@code result} is null for blank lines. */
    record Outcome(int line, Kind kind, ParseResult result) {

        PreferenceRecord record() {
            assertThat(result).as("line %d", line).isInstanceOf(ParseResult.Accepted.class);
            return ((ParseResult.Accepted) result).record();
        }

        ParseResult.Rejected rejection() {
            assertThat(result).as("line %d", line).isInstanceOf(ParseResult.Rejected.class);
            return (ParseResult.Rejected) result;
        }
    }

    private final List<Outcome> outcomes;

    private CaseRun(final List<Outcome> outcomes) {
        this.outcomes = outcomes;
    }

    /** Runs the named file from {@code /cases/}. */
    static CaseRun of(final String file) {
        return of(file, CaseFile.read(file), new JudgmentParser(ParserConfig.defaults()));
    }

    /** Runs the given lines through the parser. */
    static CaseRun of(final String source, final List<CaseFile.Line> lines, final JudgmentParser parser) {
        final Set<String> seen = new HashSet<>();
        final List<Outcome> outcomes = new ArrayList<>();
        for (final CaseFile.Line line : lines) {
            if (line.blank()) {
                outcomes.add(new Outcome(line.number(), Kind.BLANK, null));
                continue;
            }
            final ParseResult result = parser.parse(line.bytes(), source, source + ":" + line.number());
            outcomes.add(new Outcome(line.number(), kindOf(result, seen), result));
        }
        return new CaseRun(outcomes);
    }

    long count(final Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).count();
    }

    List<Integer> lines(final Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).map(Outcome::line).toList();
    }

    Outcome line(final int number) {
        return outcomes.get(number - 1);
    }

    /** Returns the records of every line that parsed, duplicates included. */
    List<PreferenceRecord> parsed() {
        return outcomes.stream()
                .filter(o -> o.result() instanceof ParseResult.Accepted)
                .map(Outcome::record)
                .toList();
    }

    /** Asserts every parsed record's text is NFC and free of U+FFFD. */
    void assertStoredTextIsCleanNfc() {
        for (final PreferenceRecord record : parsed()) {
            final List<String> texts = new ArrayList<>(List.of(record.getPrompt(), record.getChosen(),
                    record.getRejected()));
            if (record.getPromptMessages() != null) {
                record.getPromptMessages().stream().map(ChatMessage::getContent).forEach(texts::add);
            }
            for (final String text : texts) {
                assertThat(Normalizer.isNormalized(text, Normalizer.Form.NFC)).as("NFC in %s", record.getId())
                        .isTrue();
                assertThat(text).as("text of %s", record.getId()).doesNotContain("\uFFFD");
            }
        }
    }

    private static Kind kindOf(final ParseResult result, final Set<String> seen) {
        if (result instanceof ParseResult.Accepted accepted) {
            return seen.add(accepted.record().getContentKey()) ? Kind.ACCEPTED : Kind.DUPLICATE;
        }
        return Kind.REJECTED;
    }
}
