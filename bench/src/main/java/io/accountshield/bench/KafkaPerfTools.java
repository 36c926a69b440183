package io.accountshield.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's raw rate, measured by Kafka's own performance tools from kafka-tools: the classes
 * behind {@code kafka-producer-perf-test.sh} and {@code kafka-consumer-perf-test.sh}, each in a JVM
 * of its own as the scripts run them, with their default client settings. The producer writes
 * 100-byte records without keys as fast as it can; the consumer then reads them back.
 */
final class KafkaPerfTools {

    static final int RECORD_BYTES = 100;

    /** ProducerPerformance's summary: "1000000 records sent, 251256.3 records/sec (23.96 MB/sec), ...". */
    private static final Pattern PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");
    private static final String CONSUMER_HEADER = "start.time, end.time";
    /** ConsumerPerformance's rate over its fetching time, that is without the group's join. */
    private static final String CONSUMER_RATE_COLUMN = "fetch.nMsg.sec";
    private static final String CONSUMER_COUNT_COLUMN = "data.consumed.in.nMsg";

    private KafkaPerfTools() {
    }

    /** @return records per second, as ProducerPerformance reports them */
    static double produce(String bootstrapServers, String topic, long records, Path log) throws IOException, InterruptedException {
        String output = run(log, "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records", String.valueOf(records),
                "--record-size", String.valueOf(RECORD_BYTES), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers);
        Matcher summary = PRODUCER_SUMMARY.matcher(output);
        String sent = null;
        String rate = null;
        while (summary.find()) {
            sent = summary.group(1);
            rate = summary.group(2);
        }
        if (rate == null || Long.parseLong(sent) != records) {
            throw new IllegalStateException("ProducerPerformance did not report sending " + records + " records: " + output.strip());
        }
        return Double.parseDouble(rate);
    }

    /** @return records per second over ConsumerPerformance's fetching time, reading the topic from its start */
    static double consume(String bootstrapServers, String topic, long records, Path log) throws IOException, InterruptedException {
        String output = run(log, "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", String.valueOf(records), "--timeout", "60000", "--group", "bench-consumer-performance-" + System.nanoTime());
        List<String> lines = output.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(CONSUMER_HEADER)) {
                List<String> names = Arrays.stream(lines.get(i).split(",")).map(String::strip).toList();
                String[] values = lines.get(i + 1).split(",");
                long consumed = Long.parseLong(values[names.indexOf(CONSUMER_COUNT_COLUMN)].strip());
                if (consumed < records) {
                    throw new IllegalStateException("ConsumerPerformance read " + consumed + " of " + records + " records: " + output.strip());
                }
                return Double.parseDouble(values[names.indexOf(CONSUMER_RATE_COLUMN)].strip());
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no result: " + output.strip());
    }

    /** Runs the tool's main class in a JVM of its own, on this JVM's class path (the bench jar holds kafka-tools). */
    private static String run(Path log, String mainClass, String... args) throws IOException, InterruptedException {
        ChildJvm tool = ChildJvm.runMain(mainClass, List.of(args), log, Duration.ofMinutes(10));
        if (tool.exit() != 0) {
            throw new IllegalStateException(mainClass + " failed (exit " + tool.exit() + "): " + tool.output().strip());
        }
        return tool.output();
    }
}
