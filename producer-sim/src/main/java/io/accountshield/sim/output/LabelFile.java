package io.accountshield.sim.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.streams.score.AccountLabel;
import java.io.IOException;
import java.io.Writer;

/** Ground truth as JSONL, one account per line, in the order the accounts started. */
public final class LabelFile implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Writer writer;

    public LabelFile(Writer writer) {
        this.writer = writer;
    }

    public void write(AccountLabel label) throws IOException {
        writer.write(MAPPER.writeValueAsString(label));
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
