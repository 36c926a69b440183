package io.accountshield.streams.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/** Rejected replay lines, one JSON object each: the line number, the reason, and the line as it was. */
final class DeadLetterFile implements AutoCloseable {

    private final JsonLines lines;

    DeadLetterFile(Writer writer) throws IOException {
        this.lines = new JsonLines(writer);
    }

    void write(long lineNumber, String reason, String line) throws IOException {
        JsonGenerator json = lines.json();
        json.writeStartObject();
        json.writeNumberField("line", lineNumber);
        json.writeStringField("reason", reason);
        json.writeStringField("text", line);
        json.writeEndObject();
        lines.endLine();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
