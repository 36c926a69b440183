package io.accountshield.streams.replay;

import io.accountshield.schema.events.FriendSource;
import java.time.Instant;
import java.util.Arrays;

/**
 * The fields of a line of the shape nearly every replay line has, one flat JSON object of plain
 * strings, whole numbers and booleans, read straight from the line's characters. Jackson's tree of
 * each line was more than half of what a replay allocated (docs/benchmarks.md, "The replay's
 * parsing"). Anything this does not read (an escape, a nested value, a fraction, a negative number,
 * a field missing or of another type, an error of any kind) it declines, and the line is read with
 * Jackson, which has the last word on what a line holds and what is wrong with it. So a line read
 * here must give exactly the event Jackson's reading gives ({@code FlatLineFieldsPropertiesTest}).
 */
final class FlatLineFields implements EventFields<FlatLineFields.Declined> {

    /** This reader does not read the line: Jackson's tree will. */
    static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super("not a flat line", null, false, false);
        }
    }

    /**
     * Far under Jackson's limits on a string, a name or a number, so no line read here is one Jackson
     * would refuse for its size. (Its other refusal of a well-formed line, too many colliding names,
     * is turned off in {@link JsonlEventParser}.)
     */
    static final int MAX_LENGTH = 8_192;
    /** Every number of up to 18 digits fits a long. */
    private static final int MAX_DIGITS = 18;

    private static final byte ABSENT = 0;
    private static final byte STRING = 1;
    private static final byte NUMBER = 2;
    private static final byte TRUE = 3;
    private static final byte FALSE = 4;
    private static final byte NULL = 5;
    private static final FriendSource[] SOURCES = FriendSource.values();

    private final byte[] kinds = new byte[EventField.values().length];
    private final int[] starts = new int[kinds.length];
    private final int[] ends = new int[kinds.length];
    private final long[] numbers = new long[kinds.length];
    private String line = "";

    /**
     * Takes a line; true when it is one flat JSON object this reads, whose fields the methods below
     * then give. As with Jackson's tree, a field given twice keeps its last value and unknown fields
     * are passed over.
     */
    boolean read(String line) {
        Arrays.fill(kinds, ABSENT);
        if (line.length() > MAX_LENGTH) {
            this.line = "";
            return false;
        }
        this.line = line;
        int i = skipSpace(0);
        if (!at(i, '{')) {
            return false;
        }
        i = skipSpace(i + 1);
        if (!at(i, '}')) {
            while (true) {
                if (!at(i, '"')) {
                    return false;
                }
                int nameEnd = stringEnd(i + 1);
                if (nameEnd < 0) {
                    return false;
                }
                EventField field = EventField.named(line, i + 1, nameEnd);
                i = skipSpace(nameEnd + 1);
                if (!at(i, ':')) {
                    return false;
                }
                i = value(skipSpace(i + 1), field);
                if (i < 0) {
                    return false;
                }
                i = skipSpace(i);
                if (at(i, ',')) {
                    i = skipSpace(i + 1);
                } else if (at(i, '}')) {
                    break;
                } else {
                    return false;
                }
            }
        }
        return skipSpace(i + 1) == line.length();
    }

    @Override
    public Type type() throws Declined {
        if (is(EventField.TYPE, "FriendAdded")) {
            return Type.FRIEND_ADDED;
        } else if (is(EventField.TYPE, "ChatroomCreated")) {
            return Type.CHATROOM_CREATED;
        } else if (is(EventField.TYPE, "DeviceRegistered")) {
            return Type.DEVICE_REGISTERED;
        } else if (is(EventField.TYPE, "SpamReported")) {
            return Type.SPAM_REPORTED;
        }
        throw Declined.INSTANCE;
    }

    @Override
    public String eventIdIfString() {
        int slot = EventField.EVENT_ID.ordinal();
        return kinds[slot] == STRING ? line.substring(starts[slot], ends[slot]) : null;
    }

    @Override
    public String string(EventField field) throws Declined {
        int slot = slot(field, STRING);
        return line.substring(starts[slot], ends[slot]);
    }

    @Override
    public boolean bool(EventField field) throws Declined {
        byte kind = kinds[field.ordinal()];
        if (kind != TRUE && kind != FALSE) {
            throw Declined.INSTANCE;
        }
        return kind == TRUE;
    }

    @Override
    public Instant timestamp(EventField field) throws Declined {
        long millis = numbers[slot(field, NUMBER)];
        if (millis <= 0) {
            throw Declined.INSTANCE;
        }
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public int count(EventField field) throws Declined {
        long count = numbers[slot(field, NUMBER)];
        if (count > Integer.MAX_VALUE) {
            throw Declined.INSTANCE;
        }
        return (int) count;
    }

    @Override
    public FriendSource source() throws Declined {
        for (FriendSource source : SOURCES) {
            if (is(EventField.SOURCE, source.name())) {
                return source;
            }
        }
        throw Declined.INSTANCE;
    }

    /** Reads the value at {@code i} into {@code field}'s slot (unknown fields: nowhere); the position after it, or -1. */
    private int value(int i, EventField field) {
        if (at(i, '"')) {
            int end = stringEnd(i + 1);
            if (end < 0) {
                return -1;
            }
            keep(field, STRING, i + 1, end, 0);
            return end + 1;
        }
        if (i < line.length() && isDigit(line.charAt(i))) {
            int end = i;
            long number = 0;
            while (end < line.length() && isDigit(line.charAt(end)) && end - i < MAX_DIGITS) {
                number = number * 10 + (line.charAt(end) - '0');
                end++;
            }
            // Leading zeros, fractions, exponents and longer numbers: Jackson's.
            if ((line.charAt(i) == '0' && end - i > 1) || !endsValue(end)) {
                return -1;
            }
            keep(field, NUMBER, i, end, number);
            return end;
        }
        return literal(i, field, "true", TRUE) ? i + 4
                : literal(i, field, "false", FALSE) ? i + 5
                : literal(i, field, "null", NULL) ? i + 4
                : -1;
    }

    private boolean literal(int i, EventField field, String literal, byte kind) {
        if (!line.startsWith(literal, i) || !endsValue(i + literal.length())) {
            return false;
        }
        keep(field, kind, i, i + literal.length(), 0);
        return true;
    }

    private void keep(EventField field, byte kind, int start, int end, long number) {
        if (field != null) {
            int slot = field.ordinal();
            kinds[slot] = kind;
            starts[slot] = start;
            ends[slot] = end;
            numbers[slot] = number;
        }
    }

    /** The closing quote of a string without escapes or control characters that starts at {@code i}, or -1. */
    private int stringEnd(int i) {
        for (int end = i; end < line.length(); end++) {
            char c = line.charAt(end);
            if (c == '"') {
                return end;
            } else if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    private int slot(EventField field, byte kind) throws Declined {
        if (kinds[field.ordinal()] != kind) {
            throw Declined.INSTANCE;
        }
        return field.ordinal();
    }

    private boolean is(EventField field, String text) {
        int slot = field.ordinal();
        return kinds[slot] == STRING && ends[slot] - starts[slot] == text.length() && line.startsWith(text, starts[slot]);
    }

    private boolean endsValue(int i) {
        if (i == line.length()) {
            return true;
        }
        char c = line.charAt(i);
        return isSpace(c) || c == ',' || c == '}';
    }

    private int skipSpace(int i) {
        while (i < line.length() && isSpace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private boolean at(int i, char c) {
        return i < line.length() && line.charAt(i) == c;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
