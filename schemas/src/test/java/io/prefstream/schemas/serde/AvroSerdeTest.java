package io.prefstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

class AvroSerdeTest {

    private static PreferenceRecord record() {
        return PreferenceRecord.newBuilder()
                .setId("r-1").setSource("test").setContentKey("ab".repeat(32))
                .setPrompt("\n\nHuman: hi\n\nAssistant:").setChosen(" hello").setRejected(" go away")
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    @Test
    void shouldRoundTripWithFingerprintHeader() {
        AvroSerde<PreferenceRecord> serde = AvroSerdes.preferenceRecord();

        byte[] bytes = serde.serializer().serialize("t", record());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(record());
    }

    @Test
    void shouldNameFingerprintAndTopicWhenSchemaIsUnknown() {
        byte[] bytes = AvroSerdes.preferenceRecord().encode(record());
        String fingerprint = String.format("0x%016x", AvroSerdes.preferenceRecord().fingerprint());
        AvroSerde<DeadLetter> wrongReader = AvroSerdes.deadLetter();

        assertThatThrownBy(() -> wrongReader.decode("prefs.accepted", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("prefs.accepted")
                .hasMessageContaining(fingerprint);
    }

    @Test
    void shouldRejectBytesWithoutSingleObjectHeader() {
        assertThatThrownBy(() -> AvroSerdes.preferenceRecord().decode("prefs.accepted", "{\"a\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("prefs.accepted")
                .hasMessageContaining("not Avro single-object encoded");
    }

    @Test
    void shouldTreatNullPayloadAsTombstone() {
        assertThat(AvroSerdes.preferenceRecord().deserializer().deserialize("t", null)).isNull();
    }
}
