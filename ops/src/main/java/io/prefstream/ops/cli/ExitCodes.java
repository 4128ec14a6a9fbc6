package io.prefstream.ops.cli;

/** Exit codes of the launcher. */
final class ExitCodes {

    /** Success. */
    static final int OK = 0;

    /** The command failed at run time (broker unreachable, I/O error, training failure, ...). */
    static final int FAILED = 1;

    /** The command line was wrong (picocli's own code). */
    static final int USAGE = 2;

    /** The pipeline ran but its counts do not reconcile: some input is unaccounted for. */
    static final int COUNTS_MISMATCH = 3;

    private ExitCodes() {
    }
}
