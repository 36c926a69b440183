package io.accountshield.streams.replay;

import java.io.IOException;

/** Where replay input lines that are not valid events go. */
@FunctionalInterface
interface RejectedLines {
    void reject(long lineNumber, String reason, String line) throws IOException;
}
