package io.accountshield.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroTypes.AvroType;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state is encoded and decoded by Avro's generated coders ({@link AvroTypes}); they must agree
 * byte for byte and field for field with Avro's schema-walking coders, which are the reference, on
 * the current schema and on every released older version a store or changelog may still hold.
 */
class GeneratedCodersTest {

    private static final int SAMPLES = 200;

    /** Avro's schema-walking coders, the generated ones switched off. */
    private static final SpecificData REFERENCE = referenceModel();

    private static SpecificData referenceModel() {
        SpecificData model = new SpecificData(GeneratedCodersTest.class.getClassLoader());
        model.setCustomCoders(false);
        return model;
    }

    @Test
    void theStateTypesUseTheirGeneratedCoders() {
        AvroTypes.all();
        assertThat(SpecificData.getForClass(AccountActivity.class).useCustomCoders()).isTrue();
        assertThat(SpecificData.getForClass(AccountHistory.class).useCustomCoders()).isTrue();
    }

    static Stream<Arguments> stateVersions() {
        return Stream.of(AccountActivity.class, AccountHistory.class).flatMap(javaClass -> {
            AvroType<?> type = AvroTypes.of(javaClass);
            List<Schema> released = SchemaHistory.releasedVersions(type.schema().getFullName());
            return java.util.stream.IntStream.range(0, released.size())
                    .mapToObj(i -> Arguments.of(type.name() + " v" + (i + 1), type, released.get(i)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stateVersions")
    void decodesEveryReleasedVersionAsTheReferenceDecoderDoes(String version, AvroType<?> type, Schema writer) throws IOException {
        Random random = new Random(version.hashCode());
        for (int sample = 0; sample < SAMPLES; sample++) {
            Object written = RandomValues.of(writer, random);
            byte[] body = encodeGeneric(writer, written);

            SpecificRecord decoded = AvroSerdes.of(type.javaClass()).deserializer().deserialize("state", singleObject(writer, body));
            SpecificDatumReader<Object> reference = new SpecificDatumReader<>(writer, type.schema(), REFERENCE);
            Object expected = reference.read(null, DecoderFactory.get().binaryDecoder(body, null));

            assertThat(decoded).as("sample %d of %s", sample, version).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stateVersions")
    void encodesTheCurrentVersionByteForByteAsTheReferenceEncoderDoes(String version, AvroType<?> type, Schema writer) throws IOException {
        Random random = new Random(version.hashCode() + 1);
        for (int sample = 0; sample < SAMPLES; sample++) {
            // Any released version's values, read into the current class, make a varied current record.
            Object written = RandomValues.of(writer, random);
            SpecificRecord current = new SpecificDatumReader<SpecificRecord>(writer, type.schema(), REFERENCE)
                    .read(null, DecoderFactory.get().binaryDecoder(encodeGeneric(writer, written), null));

            byte[] generated = AvroSerdes.anyRecord().serializer().serialize("state", current);
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(reference, null);
            new SpecificDatumWriter<SpecificRecord>(type.schema(), REFERENCE).write(current, encoder);
            encoder.flush();

            assertThat(Arrays.copyOfRange(generated, AvroTypes.HEADER_LENGTH, generated.length))
                    .as("sample %d of %s", sample, version).isEqualTo(reference.toByteArray());
        }
    }

    private static byte[] encodeGeneric(Schema schema, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] singleObject(Schema writer, byte[] body) {
        ByteBuffer message = ByteBuffer.allocate(AvroTypes.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN);
        message.put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(writer)).put(body);
        return message.array();
    }

    /** Random generic values of a schema: lists up to a few hundred long, so the state's bucket arrays are exercised. */
    private static final class RandomValues {

        static Object of(Schema schema, Random random) {
            return switch (schema.getType()) {
                case RECORD -> {
                    GenericData.Record record = new GenericData.Record(schema);
                    for (Schema.Field field : schema.getFields()) {
                        record.put(field.pos(), of(field.schema(), random));
                    }
                    yield record;
                }
                case ARRAY -> {
                    int length = random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(4);
                    List<Object> items = new ArrayList<>(length);
                    for (int i = 0; i < length; i++) {
                        items.add(of(schema.getElementType(), random));
                    }
                    yield new GenericData.Array<>(schema, items);
                }
                case MAP -> {
                    Map<String, Object> map = new HashMap<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        map.put("k" + random.nextInt(1000), of(schema.getValueType(), random));
                    }
                    yield map;
                }
                case UNION -> of(schema.getTypes().get(random.nextInt(schema.getTypes().size())), random);
                case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
                case STRING -> "s" + random.nextInt(1_000_000);
                case BYTES -> {
                    byte[] bytes = new byte[random.nextInt(3) * 16];
                    random.nextBytes(bytes);
                    yield ByteBuffer.wrap(bytes);
                }
                case FIXED -> {
                    byte[] bytes = new byte[schema.getFixedSize()];
                    random.nextBytes(bytes);
                    yield new GenericData.Fixed(schema, bytes);
                }
                case INT -> random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(100);
                case LONG -> random.nextInt(3) == 0 ? random.nextLong() : 1_700_000_000_000L + random.nextInt(1_000_000_000);
                case FLOAT -> random.nextFloat();
                case DOUBLE -> random.nextDouble();
                case BOOLEAN -> random.nextBoolean();
                case NULL -> null;
            };
        }
    }
}
