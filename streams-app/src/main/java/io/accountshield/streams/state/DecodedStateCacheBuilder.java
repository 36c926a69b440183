package io.accountshield.streams.state;

import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a Kafka key-value store with a {@link DecodedStateCache} in front in place of Kafka's
 * record cache; with a bound of 0, the Kafka store as it is, record cache included.
 */
public final class DecodedStateCacheBuilder<V> implements StoreBuilder<KeyValueStore<String, V>> {

    private final StoreBuilder<KeyValueStore<String, V>> inner;
    private final UnaryOperator<V> copy;
    private final ToLongFunction<V> weight;
    private final long maxBytes;

    public DecodedStateCacheBuilder(StoreBuilder<KeyValueStore<String, V>> inner, UnaryOperator<V> copy, ToLongFunction<V> weight,
                                    long maxBytes) {
        this.inner = inner;
        this.copy = copy;
        this.weight = weight;
        this.maxBytes = maxBytes;
    }

    @Override
    public KeyValueStore<String, V> build() {
        if (maxBytes == 0) {
            return inner.build();
        }
        // Kafka's record cache underneath would only copy bytes this cache already holds decoded.
        return new DecodedStateCache<>(inner.withCachingDisabled().build(), copy, weight, maxBytes);
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
