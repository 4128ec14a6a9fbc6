package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void shouldFailClearlyWhenNoBrokerIsRunningForImport() {
        String err = captureErr(() -> assertThat(Launcher.execute("import", "--data-dir", dataDir.toString(),
                "some.jsonl")).isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains("no embedded broker is running").contains("--bootstrap-servers");
    }

    @Test
    void shouldRejectUnknownTrainerKnob() {
        String err = captureErr(() -> assertThat(Launcher.execute("train", "--data-dir", dataDir.toString(),
                "--snapshot", dataDir.toString(), "--set", "no_such_knob=1")).isEqualTo(ExitCodes.USAGE));

        assertThat(err).contains("unknown trainer config key 'no_such_knob'");
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
