package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TrainCommandTest {

    private static final Path FALLBACK = Path.of("prefstream-data", "checkpoints");

    @Test
    void runOnASnapshotTrainsIntoItsOwnDataDirectory() {
        assertThat(TrainCommand.checkpointsFor(Path.of("/data/demo/snapshots/v000001"), FALLBACK))
                .isEqualTo(Path.of("/data/demo/checkpoints"));
        assertThat(TrainCommand.checkpointsFor(Path.of("/data/demo/snapshots/v000001/"), FALLBACK))
                .isEqualTo(Path.of("/data/demo/checkpoints"));
    }

    @Test
    void snapshotOutsideADataDirectoryTrainsIntoTheGivenOne() {
        assertThat(TrainCommand.checkpointsFor(Path.of("/tmp/copied-v000001"), FALLBACK)).isEqualTo(FALLBACK);
        assertThat(TrainCommand.checkpointsFor(Path.of("/snapshots"), FALLBACK)).isEqualTo(FALLBACK);
    }
}
