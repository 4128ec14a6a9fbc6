package io.prefstream.ops.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.prefstream.ops.cli.Launcher;

/**
 * Processes a test starts: launcher JVMs ({@code prefstream <command>}) and other binaries, each
 * writing stdout and stderr to its own log file. {@link #close()} stops them newest first, with
 * SIGTERM and then SIGKILL, together with every process they started (the embedded broker).
 * Test fixture; close it.
 */
final class LocalProcesses implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final int LOG_TAIL_CHARS = 4_000;

    private final Path logDir;
    private final List<Process> started = new ArrayList<>();

    LocalProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /** Starts {@code prefstream <args>} in a JVM on this JVM's class path; output goes to {@code <name>.log}. */
    Process launcher(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        return start(name, command);
    }

    /** Starts a command; output goes to {@code <name>.log}. */
    Process start(String name, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(name).toFile()).start();
        started.add(process);
        return process;
    }

    /** Returns the log file of the process started under {@code name}. */
    Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    /** Returns the end of a process's log, for failure messages. */
    String tail(String name) {
        try {
            String text = Files.exists(log(name)) ? Files.readString(log(name), StandardCharsets.UTF_8) : "";
            return text.substring(Math.max(0, text.length() - LOG_TAIL_CHARS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + name, e);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            stop(started.get(i));
        }
    }

    private static void stop(Process process) {
        // collected first: once the parent is gone its children are no longer its descendants
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            try {
                child.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // nothing more can be done from here than SIGKILL; the next child is still stopped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
