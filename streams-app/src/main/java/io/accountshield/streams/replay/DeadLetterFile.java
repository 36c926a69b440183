package io.accountshield.streams.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/** Rejected replay lines, one JSON object each: the line number, the reason, and the line as it was. */
final class DeadLetterFile implements AutoCloseable {

    private final Writer writer;
    private final JsonGenerator json;

    DeadLetterFile(Writer writer) throws IOException {
        this.writer = writer;
        this.json = new JsonFactory().createGenerator(writer);
        this.json.setRootValueSeparator(null);
    }

    void write(long lineNumber, String reason, String line) throws IOException {
        json.writeStartObject();
        json.writeNumberField("line", lineNumber);
        json.writeStringField("reason", reason);
        json.writeStringField("text", line);
        json.writeEndObject();
        json.flush();
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        json.close();
        writer.close();
    }
}
