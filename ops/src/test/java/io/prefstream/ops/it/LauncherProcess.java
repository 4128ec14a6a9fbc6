package io.prefstream.ops.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.prefstream.ops.cli.Launcher;

/** Starts the launcher as a separate JVM, so that tests can kill it with SIGKILL mid-work. */
final class LauncherProcess {

    private LauncherProcess() {
    }

    /** Starts {@code prefstream <args>} with this JVM's class path; output goes to the log file. */
    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Kills the process the way a power cut or the OOM killer would: SIGKILL, no shutdown hooks. */
    static void killHard(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
