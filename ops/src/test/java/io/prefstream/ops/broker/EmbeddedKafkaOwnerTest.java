package io.prefstream.ops.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory whose broker serves another running process is refused, and that broker left alone. */
class EmbeddedKafkaOwnerTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseDirectoryWhoseBrokerBelongsToALiveProcess() throws Exception {
        Process owner = new ProcessBuilder("sleep", "120").start();
        // Stands in for the owner's broker: a live process whose command line names BrokerMain and its owner,
        // as the real one's does. The trailing command keeps bash from replacing itself with sleep.
        Process broker = new ProcessBuilder("bash", "-c", "sleep 120; true", BrokerMain.class.getName(),
                Long.toString(owner.pid())).start();
        try {
            Files.writeString(dataDir.resolve("broker.pid"), Long.toString(broker.pid()));

            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dataDir + " is in use")
                    .hasMessageContaining("pid " + owner.pid())
                    .hasMessageContaining("another --data-dir");
            assertThat(broker.isAlive()).as("the live owner's broker is left running")
                    .isTrue();
        } finally {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
