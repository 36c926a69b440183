package io.accountshield.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroTypes.AvroType;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every change to a schema must be released as a new version under {@code schema-history/}, and
 * each version must be fully compatible with the one before it: new readers read old records
 * (restarts, replays of old topics) and old readers read new ones (downstream services upgrade later).
 */
class SchemaCompatibilityTest {

    static Stream<AvroType<?>> messageTypes() {
        return AvroTypes.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageTypes")
    void currentSchemaIsItsLatestReleasedVersion(AvroType<?> type) {
        List<Schema> released = SchemaHistory.releasedVersions(type.schema().getFullName());
        String nextVersion = SchemaHistory.resourcePath(type.schema().getFullName(), released.size() + 1);

        assertThat(released)
                .as("%s has no released version: add src/main/resources/%s with this content:%n%s",
                        type.name(), nextVersion, SchemaFormatter.format("json/pretty", type.schema()))
                .isNotEmpty();
        assertThat(SchemaNormalization.parsingFingerprint64(released.get(released.size() - 1)))
                .as("%s changed since its latest release: add src/main/resources/%s with this content:%n%s",
                        type.name(), nextVersion, SchemaFormatter.format("json/pretty", type.schema()))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(type.schema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageTypes")
    void everyReleasedVersionIsFullyCompatibleWithThePreviousOne(AvroType<?> type) {
        List<Schema> released = SchemaHistory.releasedVersions(type.schema().getFullName());
        for (int i = 1; i < released.size(); i++) {
            Schema previous = released.get(i - 1);
            Schema next = released.get(i);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(next, previous).getType())
                    .as("%s v%d cannot read records written with v%d", type.name(), i + 1, i)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous, next).getType())
                    .as("%s v%d readers cannot read records written with v%d", type.name(), i, i + 1)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }
}
