package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.checkpoint.CheckpointId;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.round.RoundReport;

/**
 * Kills a training child JVM with SIGKILL at a random moment, resumes in this JVM and compares
 * with an uninterrupted run. Tagged {@code crash}: it starts a second JVM.
 */
@Tag("crash")
class SpacTrainingRunCrashTest {

    private static final int ROUNDS = 3;
    /** Upper bound on the random wait after the chosen round appears; a round takes one to a few seconds. */
    private static final int MAX_KILL_DELAY_MS = 1500;
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldResumeAfterKillNineAndEndAsAnUninterruptedRun(@TempDir Path temp) throws Exception {
        Path killed = temp.resolve("killed");
        Path log = temp.resolve("child.log");
        // a random moment: some way into a random round after the warm start, whatever the machine's speed
        int after = ThreadLocalRandom.current().nextInt(ROUNDS);
        int delay = ThreadLocalRandom.current().nextInt(MAX_KILL_DELAY_MS);
        Process child = startChild(killed, log);
        String atKill;
        try {
            awaitRound(child, killed, after, log);
            Thread.sleep(delay);
            atKill = describe(killed);
        } finally {
            // destroyForcibly is SIGKILL on Unix: no shutdown hooks, no finally blocks in the child
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        List<RoundReport> resumed = new SpacTrainingRun().run(TestRecords.data(), config(), killed,
                RoundListener.NONE);
        List<RoundReport> whole = new SpacTrainingRun().run(TestRecords.data(), config(), temp.resolve("whole"),
                RoundListener.NONE);

        String context = "killed " + delay + " ms after round " + after + " was published, root held " + atKill;
        assertThat(RunComparison.stagingEntries(killed)).as(context).isEmpty();
        assertThat(RunComparison.withoutDurations(resumed)).as(context)
                .isEqualTo(RunComparison.withoutDurations(whole));
        for (int round = 0; round <= ROUNDS; round++) {
            String name = new CheckpointId(TestRecords.SNAPSHOT_ID, round).name();
            assertThat(RunComparison.parameters(killed.resolve(name))).as("%s: parameters of %s", context, name)
                    .isEqualTo(RunComparison.parameters(temp.resolve("whole").resolve(name)));
        }
        assertThat(Files.readString(killed.resolve(CheckpointLayout.LATEST)).trim()).as(context)
                .isEqualTo("v000007-r3");
    }

    private static TrainerConfig config() {
        return TestRecords.tinyConfig().withRounds(ROUNDS);
    }

    private static Process startChild(Path root, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), KillableTrainingMain.class.getName(), root.toString(),
                Integer.toString(ROUNDS))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the child has published the given round. */
    private static void awaitRound(Process child, Path root, int round, Path log) throws Exception {
        Path checkpoint = root.resolve(new CheckpointId(TestRecords.SNAPSHOT_ID, round).name());
        long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
        while (!Files.isDirectory(checkpoint)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("child published no round " + round + " (alive: " + child.isAlive()
                        + "); its log:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    private static String describe(Path root) throws IOException {
        try (var entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }
}
