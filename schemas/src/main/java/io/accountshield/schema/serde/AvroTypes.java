package io.accountshield.schema.serde;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.schema.state.ReportMark;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Every Avro type this project writes to Kafka, with its single-object encoder and a decoder that
 * also reads each released older version. The one place that tells Avro to trust our generated
 * classes, so applications and tests decode alike.
 */
public final class AvroTypes {

    /** Single-object encoding: C3 01, then the 8-byte little-endian CRC-64-AVRO schema fingerprint. */
    static final int HEADER_LENGTH = 10;

    /**
     * A top-level record type that travels in Kafka messages or state stores: its writer, and a
     * reader for each schema version (current and released) a message may have been written with.
     */
    public record AvroType<T extends SpecificRecord>(
            Class<T> javaClass,
            Schema schema,
            long fingerprint,
            DatumWriter<T> writer,
            Map<Long, DatumReader<T>> readersByWriterFingerprint) {

        public String name() {
            return schema.getName();
        }
    }

    private static final List<AvroType<?>> ALL;
    private static final Map<Class<?>, AvroType<?>> BY_CLASS = new HashMap<>();
    private static final Map<Long, AvroType<?>> BY_FINGERPRINT = new HashMap<>();

    static {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(FriendSource.class).add(ReleaseKind.class).add(ProtectionState.class)
                        .add(ActivityBucket.class).add(ReportMark.class).add(ProtectionEpisode.class)
                        .add(FriendAdded.class).add(ChatroomCreated.class).add(DeviceRegistered.class)
                        .add(SpamReported.class).add(ProtectionApplied.class).add(ProtectionReleased.class)
                        .add(AccountProtectionStatus.class).add(AccountActivity.class)
                        .add(AccountWatch.class).add(AccountWatched.class).add(ShadowProtection.class).add(AllowlistEntry.class)
                        .add(ReleaseVerdict.class).add(CommandAction.class).add(CommandResult.class).add(OperatorCommand.class)
                        .add(AuditEntry.class).add(HistoryEntry.class).add(AccountHistory.class).add(RuleDefinition.class).add(RuleChange.class)
                        .build()));
        ALL = List.of(
                type(FriendAdded.class, FriendAdded.getClassSchema()),
                type(ChatroomCreated.class, ChatroomCreated.getClassSchema()),
                type(DeviceRegistered.class, DeviceRegistered.getClassSchema()),
                type(SpamReported.class, SpamReported.getClassSchema()),
                type(ProtectionApplied.class, ProtectionApplied.getClassSchema()),
                type(ProtectionReleased.class, ProtectionReleased.getClassSchema()),
                type(AccountProtectionStatus.class, AccountProtectionStatus.getClassSchema()),
                type(AccountActivity.class, AccountActivity.getClassSchema()),
                type(AccountWatched.class, AccountWatched.getClassSchema()),
                type(ShadowProtection.class, ShadowProtection.getClassSchema()),
                type(AllowlistEntry.class, AllowlistEntry.getClassSchema()),
                type(OperatorCommand.class, OperatorCommand.getClassSchema()),
                type(AuditEntry.class, AuditEntry.getClassSchema()),
                type(AccountHistory.class, AccountHistory.getClassSchema()),
                type(RuleDefinition.class, RuleDefinition.getClassSchema()),
                type(RuleChange.class, RuleChange.getClassSchema()));
    }

    private AvroTypes() {
    }

    private static <T extends SpecificRecord> AvroType<T> type(Class<T> javaClass, Schema schema) {
        SpecificData model = generatedCodersOf(javaClass);
        Map<Long, DatumReader<T>> readers = new HashMap<>();
        List<Schema> versions = new ArrayList<>(SchemaHistory.releasedVersions(schema.getFullName()));
        versions.add(schema);
        for (Schema writer : versions) {
            readers.put(SchemaNormalization.parsingFingerprint64(writer), new SpecificDatumReader<>(writer, schema, model));
        }
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        AvroType<T> type = new AvroType<>(javaClass, schema, fingerprint, new SpecificDatumWriter<>(schema, model), Map.copyOf(readers));
        BY_CLASS.put(javaClass, type);
        readers.keySet().forEach(writerFingerprint -> BY_FINGERPRINT.put(writerFingerprint, type));
        return type;
    }

    /**
     * The class's own Avro model (it knows the class's logical-type conversions), set to use the
     * field-by-field coders Avro generates for records without logical types (the state records).
     * Avro uses them only when told to, and only when its "fast reader" is off for the class. The
     * account state is decoded and encoded on every event; the generated coders read and write the
     * same bytes without boxing each counter (docs/benchmarks.md, "Profile of the pipeline").
     */
    private static SpecificData generatedCodersOf(Class<?> javaClass) {
        SpecificData model = SpecificData.getForClass(javaClass);
        boolean generated = Arrays.stream(javaClass.getDeclaredMethods()).anyMatch(method -> method.getName().equals("customDecode"));
        if (generated) {
            model.setCustomCoders(true);
            model.setFastReaderEnabled(false);
        }
        return model;
    }

    public static List<AvroType<?>> all() {
        return ALL;
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroType<T> of(Class<T> javaClass) {
        AvroType<T> type = (AvroType<T>) BY_CLASS.get(javaClass);
        if (type == null) {
            throw new IllegalArgumentException(javaClass.getName() + " is not a registered Avro message type");
        }
        return type;
    }

    /** The type whose current or released schema has the fingerprint in this message's header, or null. */
    static AvroType<?> ofMessage(byte[] message) {
        return BY_FINGERPRINT.get(fingerprint(message));
    }

    static boolean hasSingleObjectHeader(byte[] message) {
        return message.length >= HEADER_LENGTH && message[0] == (byte) 0xC3 && message[1] == (byte) 0x01;
    }

    static long fingerprint(byte[] message) {
        return ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
