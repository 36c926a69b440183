package io.accountshield.streams.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes decisions as the replay contract's JSONL: one object per line, fields in a fixed order and
 * signals sorted by name, so two runs over the same input give byte-identical output.
 */
final class DecisionJsonWriter implements AutoCloseable {

    private final JsonLines lines;
    private final JsonGenerator json;

    DecisionJsonWriter(Writer writer) throws IOException {
        this.lines = new JsonLines(writer);
        this.json = lines.json();
    }

    /**
     * @param atMillis the simulated clock when the decision came out; {@code appliedAt} is the account's
     *                 latest event time, which trails it when other accounts' events came later
     */
    void write(ProtectionApplied applied, long atMillis) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "ProtectionApplied");
        json.writeStringField("accountId", applied.getAccountId());
        json.writeNumberField("at", atMillis);
        json.writeNumberField("appliedAt", applied.getAppliedAt().toEpochMilli());
        json.writeStringField("ruleId", applied.getRuleId());
        json.writeNumberField("ruleVersion", applied.getRuleVersion());
        json.writeStringField("reason", applied.getReason());
        json.writeNumberField("releaseEligibleAt", applied.getReleaseEligibleAt().toEpochMilli());
        json.writeNumberField("observedCount", applied.getObservedCount());
        json.writeNumberField("threshold", applied.getThreshold());
        json.writeNumberField("windowMillis", applied.getWindowMillis());
        json.writeNumberField("protectionNumber", applied.getProtectionNumber());
        json.writeNumberField("quietPeriodMillis", applied.getQuietPeriodMillis());
        if (applied.getWatchedSince() != null) {
            json.writeNumberField("watchedSince", applied.getWatchedSince().toEpochMilli());
        }
        writeSignals(applied.getSignals());
        json.writeEndObject();
        endLine();
    }

    /** A watch restricts nothing; the contract lets readers skip types they do not know. */
    void write(AccountWatched watched) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "AccountWatched");
        json.writeStringField("accountId", watched.getAccountId());
        json.writeNumberField("at", watched.getWatchedAt().toEpochMilli());
        json.writeStringField("ruleId", watched.getRuleId());
        json.writeNumberField("ruleVersion", watched.getRuleVersion());
        json.writeStringField("reason", watched.getReason());
        json.writeNumberField("watchUntil", watched.getWatchUntil().toEpochMilli());
        json.writeStringField("escalatesOn", watched.getEscalatesOn());
        writeSignals(watched.getSignals());
        json.writeEndObject();
        endLine();
    }

    void write(ShadowProtection shadow) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "ShadowProtection");
        json.writeStringField("accountId", shadow.getAccountId());
        json.writeNumberField("at", shadow.getWouldApplyAt().toEpochMilli());
        json.writeStringField("ruleId", shadow.getRuleId());
        json.writeNumberField("ruleVersion", shadow.getRuleVersion());
        json.writeStringField("reason", shadow.getReason());
        json.writeBooleanField("alreadyProtected", shadow.getAlreadyProtected());
        json.writeBooleanField("allowlisted", shadow.getAllowlisted());
        writeSignals(shadow.getSignals());
        json.writeEndObject();
        endLine();
    }

    private void writeSignals(Map<String, Long> signals) throws IOException {
        json.writeObjectFieldStart("signals");
        for (Map.Entry<String, Long> signal : new TreeMap<>(signals).entrySet()) {
            json.writeNumberField(signal.getKey(), signal.getValue());
        }
        json.writeEndObject();
    }

    void write(ProtectionReleased released) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "ProtectionReleased");
        json.writeStringField("accountId", released.getAccountId());
        json.writeNumberField("at", released.getReleasedAt().toEpochMilli());
        json.writeStringField("kind", released.getKind().name());
        json.writeStringField("ruleId", released.getRuleId());
        json.writeNumberField("appliedAt", released.getAppliedAt().toEpochMilli());
        json.writeNumberField("protectedForMillis", released.getProtectedForMillis());
        if (released.getReleasedBy() != null) {
            json.writeStringField("releasedBy", released.getReleasedBy());
        }
        if (released.getReleaseReason() != null) {
            json.writeStringField("releaseReason", released.getReleaseReason());
        }
        json.writeEndObject();
        endLine();
    }

    private void endLine() throws IOException {
        lines.endLine();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
