package io.accountshield.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.config.AppConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's exception handlers, as Kafka Streams calls them, in front of a processor that
 * fails on purpose: a defect is dead-lettered, counted and passed over; Kafka Streams' own failure
 * stops processing. (The protection processor has no known defect to trigger; this is the path one
 * would take.)
 */
class DeadLetterHandlersTest {

    @TempDir
    Path stateDir;

    private final ErrorReporting reporting = new ErrorReporting(new SimpleMeterRegistry());
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, String> output;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** Passes records on, except those it is told to fail on. */
    static final class FailingProcessor implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            switch (record.value()) {
                case "defect" -> throw new IllegalStateException("a defect on " + record.key());
                case "store-failure" -> throw new ProcessorStateException("the store is gone");
                default -> context.forward(record);
            }
        }
    }

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("read"))
                .process(FailingProcessor::new, Named.as("fail-on-purpose"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("write"));
        Properties properties = AppConfig.of(java.util.Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)).streamsProperties();
        driver = new TopologyTestDriver(builder.build(), reporting.install(properties));
        input = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        output = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(AppConfig.defaults().topics().deadLetter(),
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldDeadLetterCountAndPassOverAnEventADefectFailedOn() {
        input.pipeInput("a", "defect");
        input.pipeInput("b", "fine");

        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(deadLetter -> {
            assertThat(new String(deadLetter.key(), StandardCharsets.UTF_8)).isEqualTo("a");
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("defect");
            assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo(ErrorReporting.PROCESSING_DEFECT);
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME)).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME)).contains("FailingProcessor.process");
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).isEqualTo("0");
        });
        assertThat(output.readKeyValuesToMap()).containsOnlyKeys("b");
        assertThat(reporting.processingErrors("IllegalStateException")).isEqualTo(1.0);
        assertThat(reporting.deadLetters(ErrorReporting.PROCESSING_DEFECT)).isEqualTo(1.0);
    }

    @Test
    void shouldStopWhenKafkaStreamsItselfFails() {
        assertThatThrownBy(() -> input.pipeInput("a", "store-failure")).isInstanceOf(StreamsException.class)
                .hasStackTraceContaining("the store is gone");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
