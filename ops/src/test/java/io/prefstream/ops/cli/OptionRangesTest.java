package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every numeric option refuses a value outside its range as a command-line error, exit 2, naming the option
 * and the value, before any broker starts; a file given as the data directory is refused the same way.
 */
class OptionRangesTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "ingest|--partitions|0",
        "ingest|--partitions|-1",
        "ingest|--replication-factor|0",
        "ingest|--replication-factor|40000",
        "ingest|--min-insync-replicas|0",
        "ingest|--retain-snapshots|0",
        "ingest|--eval-fraction|1.5",
        "ingest|--eval-fraction|-0.1",
        "ingest|--eval-fraction|NaN",
        "ingest|--eval-fraction|Infinity",
        "ingest|--eval-fraction|1",
        "snapshot|--eval-fraction|NaN",
        "demo|--eval-fraction|1.5",
        "ingest|--http-port|70000",
        "ingest|--http-port|-1",
        "ingest|--http-max-judgments-per-second|-1",
        "ingest|--http-max-judgments-per-second|1000001",
        "ingest|--http-max-judgments-per-second|2147483647",
        "ingest|--snapshot-every-records|-1",
        "ingest|--snapshot-every-minutes|-1",
        "ingest|--max-record-bytes|0",
        "ingest|--max-field-chars|-3",
        "ingest|--partitions|99999999999",
        "import|--max-record-bytes|0",
        "train|--min-new-records|-5",
        "snapshot --request|--wait-seconds|-1",
        "demo|--ingest-timeout-seconds|0",
        "bench ingest|--sizes|-10",
        "bench trainer|--batch|0",
        "bench trainer|--context|0",
        "bench trainer|--steps|0",
        "bench trainer|--threads|-1",
        "bench trainer|--new-tokens|0",
    })
    void shouldRefuseAValueOutOfRangeNamingOptionAndValueBeforeStartingAnything(String command, String option,
            String value) {
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.addAll(List.of("--data-dir", dataDir.toString(), option, value));

        String err = captureErr(() -> assertThat(Launcher.execute(args.toArray(String[]::new)))
                .isEqualTo(ExitCodes.USAGE));

        assertThat(err).contains(option).contains("'" + value + "'");
        assertThat(dataDir).as("nothing started in the data directory").isEmptyDirectory();
    }

    @Test
    void shouldRefuseMinInSyncReplicasAboveTheReplicationFactorBeforeStartingABroker() {
        String err = captureErr(() -> assertThat(Launcher.execute("ingest", "--data-dir", dataDir.toString(),
                "--replication-factor", "1", "--min-insync-replicas", "2")).isEqualTo(ExitCodes.USAGE));

        assertThat(err).contains("--min-insync-replicas").contains("'2'").contains("--replication-factor 1");
        assertThat(dataDir).as("no broker started").isEmptyDirectory();
    }

    @Test
    void shouldRefuseBenchmarkSizesThatAreNotWholeBlocks() {
        String err = captureErr(() -> assertThat(Launcher.execute("bench", "ingest", "--data-dir",
                dataDir.toString(), "--sizes", "15")).isEqualTo(ExitCodes.USAGE));

        assertThat(err).contains("--sizes").contains("15");
        assertThat(dataDir).as("no broker started").isEmptyDirectory();
    }

    @Test
    void shouldAcceptTheEndsOfEachRange() {
        assertThatCode(() -> Launcher.commandLine().parseArgs("ingest", "--eval-fraction", "0",
                "--snapshot-every-records", "0", "--snapshot-every-minutes", "0", "--http-port", "65535",
                "--http-max-judgments-per-second", "0", "--partitions", "1", "--retain-snapshots", "1"))
                .doesNotThrowAnyException();
        assertThatCode(() -> Launcher.commandLine().parseArgs("snapshot", "--eval-fraction", "0.999",
                "--wait-seconds", "0")).doesNotThrowAnyException();
        assertThatCode(() -> Launcher.commandLine().parseArgs("train", "--min-new-records", "0"))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldSayInTheSettingsTableThatZeroTurnsASnapshotTriggerOff() {
        String table = SettingsTable.render();

        assertThat(table).containsPattern("`--snapshot-every-records [^|]*` \\| `10000` \\| [^\\n]*0 turns this"
                + " trigger off");
        assertThat(table).containsPattern("`--snapshot-every-minutes [^|]*` \\| `10` \\| [^\\n]*0 turns this"
                + " trigger off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "ingest", "import x.jsonl", "snapshot", "train", "delete --record-id r",
        "report", "demo", "bench", "bench ingest"})
    void shouldRefuseAFileAsDataDirectory(String command) throws IOException {
        Path file = Files.writeString(dataDir.resolve("not-a-dir"), "x");
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.addAll(List.of("--data-dir", file.toString()));

        String err = captureErr(() -> assertThat(Launcher.execute(args.toArray(String[]::new)))
                .isEqualTo(ExitCodes.USAGE));

        assertThat(err).contains("--data-dir").contains(file.toString()).contains("is not a directory");
    }

    private static String captureErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
