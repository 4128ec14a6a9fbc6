package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.prefstream.ops.broker.BrokerAddress;

class LauncherTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"demo", "import", "ingest", "snapshot", "train", "status", "delete", "report"})
    void shouldDescribeEveryCommandInHelp(String command) {
        String out = captureOut(() -> assertThat(Launcher.execute(command, "--help")).isEqualTo(ExitCodes.OK));

        assertThat(out).contains("Usage: prefstream " + command).contains("--data-dir");
    }

    @Test
    void shouldDescribeEveryBenchmark() {
        String ingest = captureOut(() -> assertThat(Launcher.execute("bench", "ingest", "--help"))
                .isEqualTo(ExitCodes.OK));
        String trainer = captureOut(() -> assertThat(Launcher.execute("bench", "trainer", "--help"))
                .isEqualTo(ExitCodes.OK));
        String all = captureOut(() -> assertThat(Launcher.execute("bench", "--help")).isEqualTo(ExitCodes.OK));

        assertThat(ingest).contains("Usage: prefstream bench ingest").contains("--sizes").contains("--child-heap");
        assertThat(trainer).contains("Usage: prefstream bench trainer").contains("--model").contains("--no-python");
        assertThat(all).contains("Run every benchmark").contains("ingest").contains("trainer");
        assertThat(Launcher.execute("bench", "trainer", "--model", "huge", "--steps", "1")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldPrintTheTrainerBenchmarkTable() {
        String out = captureOut(() -> assertThat(Launcher.execute("bench", "trainer", "--model", "tiny", "--batch",
                "2", "--context", "16", "--steps", "1", "--new-tokens", "8", "--no-python")).isEqualTo(ExitCodes.OK));

        assertThat(out).contains("trainer benchmark").contains("training tokens/s").contains("skipped")
                .contains("training GFLOP/s").contains("libtorch float32 matmul peak")
                .contains("generation tokens/s at 8 new tokens").contains(">= 5.00x");
    }

    @Test
    void shouldOfferSnapshotRequestMode() {
        String out = captureOut(() -> assertThat(Launcher.execute("snapshot", "--help")).isEqualTo(ExitCodes.OK));

        assertThat(out).contains("--request").contains("--wait-seconds");
    }

    @Test
    void shouldExitWithUsageCodeOnUnknownOption() {
        assertThat(Launcher.execute("status", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldFailClearlyWhenNoBrokerIsRunningForImport() throws IOException {
        Path input = Files.writeString(dataDir.resolve("some.jsonl"), "{}\n");

        String err = captureErr(() -> assertThat(Launcher.execute("import", "--data-dir", dataDir.toString(),
                input.toString())).isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains("no embedded broker is running").contains("--bootstrap-servers");
    }

    @Test
    void shouldShowFilesWhenTheRecordedBrokerIsGone() throws IOException {
        recordDeadBroker();

        String out = captureOut(() -> assertThat(Launcher.execute("status", "--data-dir", dataDir.toString()))
                .isEqualTo(ExitCodes.OK));

        assertThat(out).contains(BrokerAddress.FILE).contains("is not running").contains("showing files only")
                .contains("snapshots:").contains("latest checkpoint: (none)");
    }

    @Test
    void shouldRefuseStatusOfADataDirectoryThatDoesNotExist() {
        Path missing = dataDir.resolve("no-such-dir");

        String err = captureErr(() -> assertThat(Launcher.execute("status", "--data-dir", missing.toString()))
                .isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains("no data directory at " + missing.toAbsolutePath());
    }

    @Test
    void shouldRefuseReportOfACheckpointDirectoryThatDoesNotExist() {
        Path missing = dataDir.resolve("no-such-dir");

        String err = captureErr(() -> assertThat(Launcher.execute("report", "--data-dir", missing.toString(),
                "--output", dataDir.resolve("r.html").toString())).isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains("no checkpoint directory at " + missing.resolve("checkpoints").toAbsolutePath());
    }

    @Test
    void shouldNameTheRecordedBrokerWhenItIsGone() throws IOException {
        String deadBroker = recordDeadBroker();
        Path input = Files.writeString(dataDir.resolve("one.jsonl"), "{\"prompt\": \"p\", \"chosen\": \"a\","
                + " \"rejected\": \"b\"}\n");

        String err = captureErr(() -> assertThat(Launcher.execute("import", "--data-dir", dataDir.toString(),
                input.toString())).isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains(dataDir.resolve(BrokerAddress.FILE).toAbsolutePath().toString())
                .contains(deadBroker).contains("is not running");
    }

    @Test
    void shouldNameTheDirectoryGivenAsImportFile() {
        String err = captureErr(() -> assertThat(Launcher.execute("import", "--data-dir", dataDir.toString(),
                dataDir.toString())).isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains("input file " + dataDir.toAbsolutePath() + " is a directory");
    }

    @Test
    void shouldNameTheTypeOfACauseWithoutMessage() {
        IOException failure = new IOException("records.avro.gz is not a readable Avro data file", new EOFException());

        assertThat(Launcher.describe(failure))
                .isEqualTo("records.avro.gz is not a readable Avro data file: EOFException");
    }

    @Test
    void shouldRejectUnknownTrainerKnob() {
        String err = captureErr(() -> assertThat(Launcher.execute("train", "--data-dir", dataDir.toString(),
                "--snapshot", dataDir.toString(), "--set", "no_such_knob=1")).isEqualTo(ExitCodes.USAGE));

        assertThat(err).contains("unknown trainer config key 'no_such_knob'");
    }

    /** Records, as a killed ingest leaves it, the address of a broker that no longer listens; returns it. */
    private String recordDeadBroker() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        BrokerAddress.write(dataDir, address);
        return address;
    }

    private static String captureOut(Runnable action) {
        return capture(action, System.out, System::setOut);
    }

    private static String captureErr(Runnable action) {
        return capture(action, System.err, System::setErr);
    }

    private static String capture(Runnable action, PrintStream original, Consumer<PrintStream> install) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        install.accept(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            install.accept(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
