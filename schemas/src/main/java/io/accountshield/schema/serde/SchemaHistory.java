package io.accountshield.schema.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of each schema, kept on the classpath as
 * {@code schema-history/<full.name>/v<N>.avsc}, numbered from 1 with no gaps.
 *
 * <p>Readers register every released version so that records written by an older producer still
 * decode; the compatibility test holds each version compatible with the one before it.
 */
public final class SchemaHistory {

    private SchemaHistory() {
    }

    /** Every released version of the named schema, oldest first; empty when none was released. */
    public static List<Schema> releasedVersions(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = resourcePath(fullName, version);
            try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            }
        }
    }

    public static String resourcePath(String fullName, int version) {
        return "schema-history/" + fullName + "/v" + version + ".avsc";
    }
}
