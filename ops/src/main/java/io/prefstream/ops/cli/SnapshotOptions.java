package io.prefstream.ops.cli;

import io.prefstream.ingest.snapshot.ConflictPolicy;
import picocli.CommandLine.Option;

/** How snapshots are cut, shared by every command that cuts them. */
final class SnapshotOptions {

    @Option(names = "--eval-fraction", defaultValue = "0.1", converter = OptionRanges.Fraction.class,
            description = "Fraction of prompts held out for evaluation, at least 0 and below 1"
                    + " (default: ${DEFAULT-VALUE}).")
    double evalFraction;

    @Option(names = "--conflict-policy", defaultValue = "MAJORITY",
            description = "How snapshots resolve a pair judged both ways round: ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE}).")
    ConflictPolicy conflictPolicy;
}
