package io.accountshield.streams.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The application's HTTP endpoint. {@code /health/live} answers 200 unless Kafka Streams has failed
 * or stopped (restart me); {@code /health/ready} answers 200 only while it is RUNNING (send me
 * traffic, count me in the rollout); the body is the Kafka Streams state. {@code /metrics} is the
 * Prometheus text format of every Kafka Streams metric (the pipeline's own included) and the JVM's.
 */
public final class HealthEndpoint implements AutoCloseable {

    private final HttpServer server;

    public HealthEndpoint(int port, Supplier<KafkaStreams.State> state, PrometheusMeterRegistry metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/health/live", exchange -> {
            KafkaStreams.State current = state.get();
            boolean alive = current != KafkaStreams.State.ERROR && current != KafkaStreams.State.NOT_RUNNING
                    && current != KafkaStreams.State.PENDING_ERROR;
            respond(exchange, alive ? 200 : 503, current.name());
        });
        server.createContext("/health/ready", exchange -> {
            KafkaStreams.State current = state.get();
            respond(exchange, current == KafkaStreams.State.RUNNING ? 200 : 503, current.name());
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
