package io.prefstream.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs Prometheus's own checker on the bundled configuration, where {@code promtool} is installed. */
class PromtoolCheckTest {

    private static final long TIMEOUT_SECONDS = 60;

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        assertThat(run("check", "rules", DashboardWiringTest.ALERTS.toString())).contains("SUCCESS");
    }

    @Test
    void shouldPassPromtoolCheckConfigForLocalPrometheus() throws Exception {
        assertThat(run("check", "config", Path.of("prometheus", "prometheus.yml").toString())).contains("SUCCESS");
    }

    @Test
    void shouldPassPromtoolCheckConfigForCompose(@TempDir Path dir) throws Exception {
        // Compose mounts alerts.yml next to the config; recreate that layout.
        Files.copy(Path.of("docker", "prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.copy(DashboardWiringTest.ALERTS, dir.resolve("alerts.yml"));

        assertThat(run("check", "config", dir.resolve("prometheus.yml").toString())).contains("SUCCESS");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        assumeTrue(promtool != null, "promtool not on PATH (Debian: apt-get install prometheus); check skipped");
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }
}
