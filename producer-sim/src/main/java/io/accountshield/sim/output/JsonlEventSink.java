package io.accountshield.sim.output;

import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.streams.score.AccountLabel;
import java.io.IOException;
import java.io.Writer;

/**
 * Events in the replay format ({@code docs/replay-format.md}), written by hand rather than
 * through a JSON library: the fields are few and fixed, and this is the simulator's hot path.
 */
public final class JsonlEventSink implements EventSink {

    private final Writer events;
    private final LabelFile labels;
    private final StringBuilder line = new StringBuilder(256);

    /** @param labels where ground truth goes, or null to drop it */
    public JsonlEventSink(Writer events, LabelFile labels) {
        this.events = events;
        this.labels = labels;
    }

    @Override
    public void event(SimEvent e, long occurredAt, long accountCreatedAt) throws IOException {
        line.setLength(0);
        switch (e.type()) {
            case FRIEND_ADDED -> {
                start("FriendAdded", e, occurredAt);
                string("friendAccountId", e.otherId());
                string("source", e.source().name());
                line.append(",\"mutual\":").append(e.mutual());
                string("deviceId", e.deviceId());
            }
            case CHATROOM_CREATED -> {
                start("ChatroomCreated", e, occurredAt);
                string("chatroomId", e.otherId());
                line.append(",\"memberCount\":").append(e.memberCount());
                line.append(",\"nonFriendMemberCount\":").append(e.nonFriendMemberCount());
            }
            case DEVICE_REGISTERED -> {
                start("DeviceRegistered", e, occurredAt);
                string("deviceId", e.deviceId());
                line.append(",\"accountCreatedAt\":").append(accountCreatedAt);
            }
            case SPAM_REPORTED -> {
                start("SpamReported", e, occurredAt);
                string("reporterAccountId", e.otherId());
            }
        }
        line.append("}\n");
        events.append(line);
    }

    private void start(String type, SimEvent e, long occurredAt) {
        line.append("{\"type\":\"").append(type).append('"');
        string("eventId", e.eventId());
        string("accountId", e.accountId());
        line.append(",\"occurredAt\":").append(occurredAt);
    }

    /** Ids the simulator makes are hex; anything else is escaped all the same. */
    private void string(String name, String value) {
        line.append(",\"").append(name).append("\":\"");
        Json.escape(line, value);
        line.append('"');
    }

    @Override
    public void label(AccountLabel label) throws IOException {
        if (labels != null) {
            labels.write(label);
        }
    }

    @Override
    public void close() throws IOException {
        events.close();
        if (labels != null) {
            labels.close();
        }
    }
}
