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
                "--snapshot", dataDir.toString(), "--set", "no_such_knob=1")).isEqualTo(ExitCodes.FAILED));

        assertThat(err).contains("no_such_knob");
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
