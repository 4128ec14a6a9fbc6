package io.prefstream.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.prefstream.schemas.SchemaTrust;

/**
 * Kafka serde for a generated Avro class using Avro's single-object encoding: every message
 * starts with the two marker bytes {@code C3 01} and the 8-byte CRC-64-AVRO fingerprint of the
 * writer schema, so a reader always knows which schema wrote it.
 *
 * <p>A message whose fingerprint the reader does not know fails with a
 * {@link SerializationException} naming the fingerprint and the topic, rather than decoding
 * garbage. A {@code null} payload (a tombstone) deserialises to {@code null}.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final int HEADER_LENGTH = 10;

    static {
        SchemaTrust.install();
    }

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /**
     * Creates a serde for one generated class.
     *
     * @param type the generated class, for example {@code PreferenceRecord.class}
     */
    public AvroSerde(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    /** Returns the writer schema's CRC-64-AVRO fingerprint, as written into every message. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Encodes one record, outside Kafka (for example into a dead-letter excerpt or a test). */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getFullName(), e);
        }
    }

    /**
     * Decodes one message.
     *
     * @param topic where the bytes came from, named in any error
     * @param bytes the single-object encoded message
     * @return the record, or {@code null} for a {@code null} payload
     * @throws SerializationException when the header or fingerprint is not one this reader knows
     */
    public T decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new SerializationException(String.format(
                    "topic %s: message carries unknown Avro schema fingerprint %s; this reader knows %s (%s)",
                    topic, fingerprintOf(bytes), schema.getFullName(), hex(fingerprint())), e);
        } catch (BadHeaderException e) {
            throw new SerializationException(String.format(
                    "topic %s: message of %d bytes is not Avro single-object encoded (expected header C3 01)",
                    topic, bytes.length), e);
        } catch (IOException e) {
            throw new SerializationException(String.format(
                    "topic %s: cannot decode %s (fingerprint %s)", topic, schema.getFullName(), fingerprintOf(bytes)), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : encode(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::decode;
    }

    private static String fingerprintOf(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            return "(none: message shorter than the header)";
        }
        return hex(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    private static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }
}
