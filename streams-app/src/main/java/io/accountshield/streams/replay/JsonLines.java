package io.accountshield.streams.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/** A JSON Lines file: write one object with {@link #json()}, then end its line. */
final class JsonLines implements AutoCloseable {

    private final Writer writer;
    private final JsonGenerator json;

    JsonLines(Writer writer) throws IOException {
        this.writer = writer;
        this.json = new JsonFactory().createGenerator(writer);
        this.json.setRootValueSeparator(null);
    }

    JsonGenerator json() {
        return json;
    }

    void endLine() throws IOException {
        json.flush();
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        json.close();
        writer.close();
    }
}
