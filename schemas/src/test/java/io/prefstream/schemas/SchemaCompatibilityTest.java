package io.prefstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.CheckpointAnnouncement;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.DeletionRequest;
import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.schemas.v1.SnapshotAnnouncement;
import io.prefstream.schemas.v1.SnapshotRequest;

/**
 * Checks every current schema against its last released version, in both directions, so that
 * an incompatible change fails the build. The released copies live in
 * {@code src/test/resources/released/}; replace one only when cutting a release.
 */
class SchemaCompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(ChatMessage.getClassSchema(), PreferenceRecord.getClassSchema(),
                DeadLetter.getClassSchema(), DeletionRequest.getClassSchema(), SnapshotRequest.getClassSchema(), SnapshotAnnouncement.getClassSchema(),
                CheckpointAnnouncement.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldReadDataWrittenWithReleasedSchema(Schema current) throws IOException {
        Schema released = released(current);

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as("%s: new readers must read old data: %s", current.getName(), result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldLetReleasedReadersReadNewData(Schema current) throws IOException {
        Schema released = released(current);

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(released, current);

        assertThat(result.getType())
                .as("%s: old readers must read new data: %s", current.getName(), result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompatibleEdits")
    void shouldDetectIncompatibleChange(String before, String after) {
        Schema writer = new Schema.Parser().parse(before);
        Schema reader = new Schema.Parser().parse(after);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    static List<Object[]> incompatibleEdits() {
        String base = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        String addedWithoutDefault = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}";
        String retyped = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        return List.of(new Object[] {base, addedWithoutDefault}, new Object[] {base, retyped});
    }

    private static Schema released(Schema current) throws IOException {
        String resource = "/released/" + current.getName() + ".avsc";
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("released copy %s", resource).isNotNull();
            Schema.Parser parser = new Schema.Parser();
            if (!current.getName().equals("ChatMessage")) {
                try (InputStream chat = SchemaCompatibilityTest.class.getResourceAsStream("/released/ChatMessage.avsc")) {
                    parser.parse(chat);
                }
            }
            return parser.parse(in);
        }
    }
}
