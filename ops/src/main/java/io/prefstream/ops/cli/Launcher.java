package io.prefstream.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code prefstream} command line: one launcher for every part of the pipeline. */
@Command(name = "prefstream", mixinStandardHelpOptions = true, version = "prefstream 0.1.0",
        description = "Collect human preference judgments through Kafka, freeze them into versioned snapshots,"
                + " and train a language model on them with SPAC.",
        subcommands = {DemoCommand.class, ImportCommand.class, IngestCommand.class, SnapshotCommand.class,
            TrainCommand.class, StatusCommand.class, DeleteCommand.class, ReportCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure at run time", "2:invalid command line",
            "3:counts do not reconcile"})
public final class Launcher {

    private static final String DJL_OFFLINE = "ai.djl.offline";

    private Launcher() {
    }

    /** Runs the launcher and exits with the command's exit code. */
    public static void main(String[] args) {
        // Nothing is downloaded at run time: the PyTorch natives come from the jar on the class path.
        if (System.getProperty(DJL_OFFLINE) == null) {
            System.setProperty(DJL_OFFLINE, "true");
        }
        System.exit(execute(args));
    }

    /** Runs the launcher and returns the exit code, for tests and embedding. */
    public static int execute(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + describe(e)));
            org.slf4j.LoggerFactory.getLogger(Launcher.class).debug("command failed", e);
            return ExitCodes.FAILED;
        });
        return commandLine.execute(args);
    }

    /** Returns the command tree, with no handlers set. */
    static CommandLine commandLine() {
        return new CommandLine(new Launcher());
    }

    /** Returns the one-line error text for a failed command: each message down the cause chain. */
    static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "file not found: " + missing.getFile();
        }
        StringBuilder text = new StringBuilder(messageOf(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(messageOf(cause));
        }
        return text.toString();
    }

    // Some exceptions carry no message (an EOFException from a file cut short, a NullPointerException):
    // their type says what happened, where "null" would say nothing.
    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
