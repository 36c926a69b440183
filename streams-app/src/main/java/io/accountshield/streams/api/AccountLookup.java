package io.accountshield.streams.api;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.streams.topology.ProtectionTopology;
import java.time.InstantSource;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds an account's state with interactive queries: here when this instance owns the account's
 * partition, else it names the instance that does ({@code application.server} metadata). A store
 * that is restoring, or a partition in the middle of a rebalance, is reported as unavailable.
 */
public final class AccountLookup implements OperatorApi.Lookup {

    /** What a lookup found. */
    public sealed interface Result {
    }

    /** The account as this instance's stores hold it. */
    public record Found(AccountView view) implements Result {
    }

    /** Another instance owns the account's partition. */
    public record AtOwner(HostInfo owner) implements Result {
    }

    /** Nobody can answer right now (starting, restoring, rebalancing); try again shortly. */
    public record Unavailable(String why) implements Result {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final AccountView.Explainer explainer;
    private final InstantSource clock;

    public AccountLookup(KafkaStreams streams, HostInfo self, AccountView.Explainer explainer, InstantSource clock) {
        this.streams = streams;
        this.self = self;
        this.explainer = explainer;
        this.clock = clock;
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Result find(String accountId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return new Unavailable("the pipeline is " + state.name().toLowerCase() + ", not running");
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(ProtectionTopology.ACTIVITY_STORE, accountId, Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            return new Unavailable("the instance that owns this account is not known yet (the group is rebalancing)");
        }
        if (!self.equals(owner.activeHost())) {
            return new AtOwner(owner.activeHost());
        }
        try {
            Set<Integer> partition = Set.of(owner.partition());
            // History first: it is written after the activity, so state read after it is at least as new.
            AccountHistory history = query(ProtectionTopology.HISTORY_STORE, accountId, partition);
            AccountActivity activity = query(ProtectionTopology.ACTIVITY_STORE, accountId, partition);
            ReadOnlyKeyValueStore<String, AllowlistEntry> allowlist = streams.store(StoreQueryParameters.fromNameAndType(
                    ProtectionTopology.ALLOWLIST_STORE, QueryableStoreTypes.keyValueStore()));
            return new Found(explainer.view(accountId, activity, history, allowlist.get(accountId), clock.millis(),
                    self.host() + ":" + self.port()));
        } catch (NotAnswerable | InvalidStateStoreException e) {
            return new Unavailable("the account's store cannot answer now: " + e.getMessage());
        }
    }

    private <V> V query(String store, String accountId, Set<Integer> partitions) {
        StateQueryRequest<V> request = StateQueryRequest.inStore(store).withQuery(KeyQuery.<String, V>withKey(accountId))
                .withPartitions(partitions).requireActive();
        StateQueryResult<V> result = streams.query(request);
        for (Integer partition : partitions) {
            QueryResult<V> answer = result.getPartitionResults().get(partition);
            if (answer == null) {
                throw new NotAnswerable("partition " + partition + " is not active here, although application.server metadata names "
                        + "this instance (" + self.host() + ":" + self.port() + "); with several instances, each must set its own application.server");
            }
            if (answer.isFailure()) {
                throw new NotAnswerable(answer.getFailureReason().name().toLowerCase().replace('_', ' ') + " (" + answer.getFailureMessage() + ")");
            }
            return answer.getResult();
        }
        return null;
    }

    private static final class NotAnswerable extends RuntimeException {
        NotAnswerable(String message) {
            super(message, null, false, false);
        }
    }
}
