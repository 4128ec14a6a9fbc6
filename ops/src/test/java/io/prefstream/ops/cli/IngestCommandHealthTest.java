package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class IngestCommandHealthTest {

    @Test
    void collectorIsHealthyOnlyWhileTheStreamRunsOrRebalances() {
        assertThat(IngestCommand.streamHealth(() -> KafkaStreams.State.RUNNING).problem()).isEmpty();
        assertThat(IngestCommand.streamHealth(() -> KafkaStreams.State.REBALANCING).problem()).isEmpty();
        for (KafkaStreams.State state : new KafkaStreams.State[] {KafkaStreams.State.CREATED,
                KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING}) {
            assertThat(IngestCommand.streamHealth(() -> state).problem()).contains("ingest stream is " + state);
        }
    }
}
