package io.accountshield.streams.lifecycle;

/** What an id (an account's, a device's, a chatroom's) may be. */
public final class Ids {

    public static final int MAX_LENGTH = 512;

    private Ids() {
    }

    /**
     * What is wrong with an id, naming the field; null when it is valid. One definition for events and
     * the operator API, so that every account the pipeline can protect, an agent can release: not empty,
     * at most {@value #MAX_LENGTH} UTF-16 characters, no control characters (they would be printed in
     * logs, terminals and the console).
     */
    public static String problem(String field, String value) {
        if (value == null || value.isEmpty()) {
            return field + " must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return field + " is " + value.length() + " characters long; at most " + MAX_LENGTH + " are accepted";
        }
        if (hasControlCharacter(value)) {
            return field + " must not contain control characters";
        }
        return null;
    }

    /** A plain loop: every event's ids pass here, twice in a replay, and a stream pipeline per id cost a tenth of the replay's time. */
    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
