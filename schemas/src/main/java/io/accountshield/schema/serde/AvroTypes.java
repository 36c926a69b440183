package io.accountshield.schema.serde;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
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
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.schema.state.ReportMark;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
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

    /** A top-level record type that travels in Kafka messages or state stores. */
    public record AvroType<T extends SpecificRecord>(
            Class<T> javaClass,
            Schema schema,
            BinaryMessageEncoder<T> encoder,
            BinaryMessageDecoder<T> decoder) {

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
                        .add(AuditEntry.class).add(HistoryEntry.class).add(AccountHistory.class)
                        .build()));
        ALL = List.of(
                type(FriendAdded.class, FriendAdded.getClassSchema(), FriendAdded.getEncoder(), FriendAdded::createDecoder),
                type(ChatroomCreated.class, ChatroomCreated.getClassSchema(), ChatroomCreated.getEncoder(), ChatroomCreated::createDecoder),
                type(DeviceRegistered.class, DeviceRegistered.getClassSchema(), DeviceRegistered.getEncoder(), DeviceRegistered::createDecoder),
                type(SpamReported.class, SpamReported.getClassSchema(), SpamReported.getEncoder(), SpamReported::createDecoder),
                type(ProtectionApplied.class, ProtectionApplied.getClassSchema(), ProtectionApplied.getEncoder(), ProtectionApplied::createDecoder),
                type(ProtectionReleased.class, ProtectionReleased.getClassSchema(), ProtectionReleased.getEncoder(), ProtectionReleased::createDecoder),
                type(AccountProtectionStatus.class, AccountProtectionStatus.getClassSchema(), AccountProtectionStatus.getEncoder(), AccountProtectionStatus::createDecoder),
                type(AccountActivity.class, AccountActivity.getClassSchema(), AccountActivity.getEncoder(), AccountActivity::createDecoder),
                type(AccountWatched.class, AccountWatched.getClassSchema(), AccountWatched.getEncoder(), AccountWatched::createDecoder),
                type(ShadowProtection.class, ShadowProtection.getClassSchema(), ShadowProtection.getEncoder(), ShadowProtection::createDecoder),
                type(AllowlistEntry.class, AllowlistEntry.getClassSchema(), AllowlistEntry.getEncoder(), AllowlistEntry::createDecoder),
                type(OperatorCommand.class, OperatorCommand.getClassSchema(), OperatorCommand.getEncoder(), OperatorCommand::createDecoder),
                type(AuditEntry.class, AuditEntry.getClassSchema(), AuditEntry.getEncoder(), AuditEntry::createDecoder),
                type(AccountHistory.class, AccountHistory.getClassSchema(), AccountHistory.getEncoder(), AccountHistory::createDecoder));
    }

    private AvroTypes() {
    }

    private static <T extends SpecificRecord> AvroType<T> type(
            Class<T> javaClass,
            Schema schema,
            BinaryMessageEncoder<T> encoder,
            Function<SchemaStore, BinaryMessageDecoder<T>> decoderFactory) {
        SchemaStore.Cache released = new SchemaStore.Cache();
        List<Schema> history = SchemaHistory.releasedVersions(schema.getFullName());
        history.forEach(released::addSchema);
        AvroType<T> type = new AvroType<>(javaClass, schema, encoder, decoderFactory.apply(released));
        BY_CLASS.put(javaClass, type);
        BY_FINGERPRINT.put(SchemaNormalization.parsingFingerprint64(schema), type);
        history.forEach(old -> BY_FINGERPRINT.put(SchemaNormalization.parsingFingerprint64(old), type));
        return type;
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
