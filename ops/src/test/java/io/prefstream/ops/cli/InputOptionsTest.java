package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileFormat;
import picocli.CommandLine;

/** The input options on the command line: each one lands in the parser settings or the id-collision policy. */
class InputOptionsTest {

    private static <T> T parse(Class<T> command, String... args) {
        CommandLine.ParseResult parsed = new CommandLine(Launcher.class).parseArgs(args);
        return command.cast(parsed.subcommand().commandSpec().userObject());
    }

    private static InputOptions ingest(String... options) {
        return parse(IngestCommand.class, Stream.concat(Stream.of("ingest"), Stream.of(options))
                .toArray(String[]::new)).input;
    }

    static Stream<Arguments> singleOptions() {
        ParserConfig defaults = ParserConfig.defaults();
        return Stream.of(
                Arguments.of("--no-nfc", defaults.withNfc(false)),
                Arguments.of("--no-crlf-to-lf", defaults.withCrlfToLf(false)),
                Arguments.of("--no-trailing-whitespace-trim", defaults.withTrimTrailingWhitespace(false)),
                Arguments.of("--no-zero-width-removal", defaults.withRemoveZeroWidth(false)),
                Arguments.of("--max-record-bytes=5000", defaults.withMaxRecordBytes(5_000)),
                Arguments.of("--max-field-chars=300", defaults.withMaxFieldChars(300)));
    }

    @Test
    void shouldUseDefaultSettingsWithoutOptions() {
        InputOptions input = ingest();

        assertThat(input.parserConfig()).isEqualTo(ParserConfig.defaults());
        assertThat(input.idCollision()).isEqualTo(IdCollisionPolicy.KEEP);
    }

    @ParameterizedTest
    @MethodSource("singleOptions")
    void shouldChangeOnlyTheSettingTheOptionNames(String option, ParserConfig expected) {
        assertThat(ingest(option).parserConfig()).isEqualTo(expected);
    }

    @Test
    void shouldReadIdCollisionPolicy() {
        assertThat(ingest("--id-collision=DEAD_LETTER").idCollision()).isEqualTo(IdCollisionPolicy.DEAD_LETTER);
        assertThat(ingest("--id-collision", "KEEP").idCollision()).isEqualTo(IdCollisionPolicy.KEEP);
    }

    @Test
    void shouldGiveDemoTheSameOptions() {
        DemoCommand demo = parse(DemoCommand.class, "demo", "--no-zero-width-removal", "--max-field-chars", "77",
                "--id-collision=DEAD_LETTER");

        assertThat(demo.inputOptions.parserConfig())
                .isEqualTo(ParserConfig.defaults().withRemoveZeroWidth(false).withMaxFieldChars(77));
        assertThat(demo.inputOptions.idCollision()).isEqualTo(IdCollisionPolicy.DEAD_LETTER);
    }

    @Test
    void shouldGiveImportOnlyTheRecordSizeLimit() {
        ImportCommand command = parse(ImportCommand.class, "import", "--max-record-bytes", "123", "x.jsonl");

        assertThat(command.recordSize.maxRecordBytes).isEqualTo(123);
        assertThat(Launcher.execute("import", "--no-nfc", "x.jsonl"))
                .as("import does not parse records, so normalisation options would do nothing there")
                .isEqualTo(ExitCodes.USAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--max-record-bytes=0", "--max-field-chars=-5", "--max-field-chars=many",
        "--id-collision=DROP"})
    void shouldRejectInvalidValueAsCommandLineError(String option) {
        assertThat(Launcher.execute("ingest", option)).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldTellApartPairsThatDifferOnlyInASwitchedOffStep() {
        String withCrlf = "{\"prompt\":\"p\",\"chosen\":\"line one\\r\\nline two\",\"rejected\":\"b\"}";
        String withLf = "{\"prompt\":\"p\",\"chosen\":\"line one\\nline two\",\"rejected\":\"b\"}";
        JudgmentParser byDefault = new JudgmentParser(ingest().parserConfig());
        JudgmentParser keepingCrlf = new JudgmentParser(ingest("--no-crlf-to-lf").parserConfig());

        assertThat(contentKey(byDefault, withCrlf)).isEqualTo(contentKey(byDefault, withLf));
        assertThat(contentKey(keepingCrlf, withCrlf)).isNotEqualTo(contentKey(keepingCrlf, withLf));
    }

    @Test
    void shouldStoreTextAsReceivedAndTellCompositionVariantsApartWithNoNfc() {
        String composed = "{\"prompt\":\"caf\u00e9?\",\"chosen\":\"oui\",\"rejected\":\"non\"}";
        String decomposed = "{\"prompt\":\"cafe\u0301?\",\"chosen\":\"oui\",\"rejected\":\"non\"}";
        JudgmentParser byDefault = new JudgmentParser(ingest().parserConfig());
        JudgmentParser noNfc = new JudgmentParser(ingest("--no-nfc").parserConfig());

        assertThat(contentKey(byDefault, composed)).isEqualTo(contentKey(byDefault, decomposed));
        assertThat(contentKey(noNfc, composed)).isNotEqualTo(contentKey(noNfc, decomposed));
        assertThat(((ParseResult.Accepted) noNfc.parse(decomposed.getBytes(StandardCharsets.UTF_8), "test",
                "test:1")).record().getPrompt()).isEqualTo("cafe\u0301?");
    }

    @Test
    void shouldReadImportFormatInAnyCase() {
        assertThat(parse(ImportCommand.class, "import", "x.avro").format).isEqualTo(FileFormat.AUTO);
        assertThat(parse(ImportCommand.class, "import", "--format", "avro", "x.avro").format)
                .isEqualTo(FileFormat.AVRO);
        assertThat(parse(ImportCommand.class, "import", "--format=JSONL", "x.avro").format)
                .isEqualTo(FileFormat.JSONL);
        assertThat(Launcher.execute("import", "--format=parquet", "x.avro")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldListInputOptionsInHelp() {
        CommandLine ingestHelp = new CommandLine(Launcher.class).getSubcommands().get("ingest");

        String usage = ingestHelp.getUsageMessage();

        assertThat(usage).contains("--no-nfc", "--no-crlf-to-lf", "--no-trailing-whitespace-trim",
                "--no-zero-width-removal", "--max-record-bytes", "--max-field-chars", "--id-collision",
                "KEEP, DEAD_LETTER");
    }

    private static String contentKey(JudgmentParser parser, String json) {
        ParseResult result = parser.parse(json.getBytes(StandardCharsets.UTF_8), "test", "test:1");
        return ((ParseResult.Accepted) result).record().getContentKey();
    }
}
