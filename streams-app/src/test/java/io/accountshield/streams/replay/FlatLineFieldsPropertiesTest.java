package io.accountshield.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The flat reading of a line is an optimisation only: over lines near and far from the contract's
 * shape, the parser gives exactly what Jackson's tree alone gives, the same event or the same reason.
 */
class FlatLineFieldsPropertiesTest {

    private static final String FRIEND_ADDED = "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1780000004210,"
            + "\"friendAccountId\":\"u77\",\"source\":\"CONTACT_SYNC\",\"mutual\":true,\"deviceId\":\"d2\"}";
    private static final String[] NAMES = {"type", "eventId", "accountId", "occurredAt", "friendAccountId", "source", "mutual",
        "deviceId", "chatroomId", "memberCount", "nonFriendMemberCount", "accountCreatedAt", "reporterAccountId"};
    private static final String[] UNKNOWN_NAMES = {"region", "typ", "types", "", "accountid", "Ωmega", "meta"};
    private static final String[] ODD_VALUES = {"null", "true", "false", "0", "-0", "-1", "007", "1.5", "1e3", "2E+2", "-7.25e-3",
        "99999999999999999", "999999999999999999", "9999999999999999999", "123456789012345678901234", "2147483647", "2147483648",
        "\"\"", "\"a\\\"b\"", "\"\\u0041\"", "\"tab\there\"", "\"😀\"", "\"\uD800\"", "[]", "[1,{\"a\":2}]", "{}", "{\"type\":\"x\"}",
        "tru", "truex", "nul", "'single'", "NaN", "+1", ".5", "\"CONTACT_SYNC\"", "\"QR_CODE\"", "\"FriendAdded\"", "\"SpamReported\""};
    private static final String EDIT_CHARACTERS = "{}[]\":,\\ 0-9.eE+tfnx\u0000\u001fé";
    /** The values a field of another type most often holds. */
    private static final String[] OTHER_TYPES = {"null", "true", "false", "0", "\"s\"", "-1", "1.5", "[]"};
    private static final String[] SPACES = {" ", "\t", "  ", "\r", "\n"};
    /** Not white space to JSON. */
    private static final String[] ODD_SPACES = {"\u00a0", "\u000b", "\u2028", "\uFEFF"};

    private final JsonlEventParser parser = new JsonlEventParser();

    @Property(tries = 10_000)
    void shouldReadEveryLineExactlyAsJacksonsTreeDoes(@ForAll("lines") String line) {
        boolean readFlat = parser.flatEventOrNull(line, 11) != null;
        Object fast = outcome(() -> parser.parse(line, 11));
        Object tree = outcome(() -> parser.parseWithTree(line, 11));

        Statistics.label("an event read flat").collect(readFlat).coverage(coverage -> {
            coverage.check(true).percentage(p -> p > 20);
            coverage.check(false).percentage(p -> p > 10);
        });
        Statistics.label("an event").collect(!(fast instanceof String)).coverage(coverage -> coverage.check(true).percentage(p -> p > 10));
        Statistics.label("many colliding names").collect(line.contains("\"AbAbAbAbAbAb\"")).coverage(coverage -> coverage.check(true).percentage(p -> p > 1));
        assertThat(fast).as(line).isEqualTo(tree);
    }

    @Example
    void shouldReadTheContractsShapeWithoutJackson() throws FlatLineFields.Declined {
        FlatLineFields fields = new FlatLineFields();

        assertThat(fields.read(" " + FRIEND_ADDED.replace(",", " ,\t") + " ")).isTrue();
        assertThat(fields.type()).isEqualTo(EventFields.Type.FRIEND_ADDED);
        assertThat(fields.string(EventField.ACCOUNT_ID)).isEqualTo("a1");
        assertThat(fields.timestamp(EventField.OCCURRED_AT)).isEqualTo(Instant.ofEpochMilli(1780000004210L));
        assertThat(fields.source()).isEqualTo(FriendSource.CONTACT_SYNC);
        assertThat(fields.bool(EventField.MUTUAL)).isTrue();
        assertThat(fields.eventIdIfString()).isNull();
    }

    @Example
    void shouldLeaveToJacksonWhatItDoesNotRead() {
        FlatLineFields fields = new FlatLineFields();

        assertThat(fields.read(FRIEND_ADDED.replace("\"a1\"", "\"a\\u0031\""))).as("an escape").isFalse();
        assertThat(fields.read(FRIEND_ADDED.replace("{", "{\"meta\":{},"))).as("a nested value").isFalse();
        assertThat(fields.read(FRIEND_ADDED.replace("{", "{\"score\":-1,"))).as("a negative number").isFalse();
        assertThat(fields.read(FRIEND_ADDED + "x")).as("trailing characters").isFalse();
        assertThat(fields.read(FRIEND_ADDED.replace("}", ",\"pad\":\"" + "x".repeat(FlatLineFields.MAX_LENGTH) + "\"}"))).as("a long line").isFalse();
    }

    @Example
    void shouldKeepTheLastOfAFieldGivenTwiceAsJacksonDoes() throws InvalidLineException {
        String line = FRIEND_ADDED.replace("{", "{\"accountId\":7,\"eventId\":\"e-1\",").replace("}", ",\"eventId\":3}");

        assertThat(new FlatLineFields().read(line)).isTrue();
        FriendAdded event = (FriendAdded) parser.parse(line, 4);
        assertThat(event.getAccountId()).isEqualTo("a1");
        assertThat(event.getEventId()).isEqualTo("line-4");
        assertThat(event).isEqualTo(parser.parseWithTree(line, 4));
    }

    /**
     * Names whose hashes in Jackson's table of names all collide ("Ab", "BA" and "C " hash alike).
     * By default Jackson refuses a line that overflows a chain of 150 twice: about 300 such names on
     * a parser that has read nothing, fewer after lines that left names in the table it shares.
     */
    @Example
    void shouldReadALineOfManyCollidingNamesAsJacksonDoes() throws InvalidLineException {
        String line = FRIEND_ADDED.replace("}", collidingFields(new Random(7), 0, 400) + "}");
        assertThat(line.length()).isLessThan(FlatLineFields.MAX_LENGTH);

        SpecificRecord flat = parser.flatEventOrNull(line, 5);
        assertThat(flat).isInstanceOf(FriendAdded.class);
        assertThat(parser.parseWithTree(line, 5)).isEqualTo(flat);
        assertThat(parser.parse(line, 5)).isEqualTo(flat);
    }

    /** A line that Jackson took on its own, it refused by default after one that left 150 colliding names in its table. */
    @Example
    void shouldReadALineTheSameWhateverWasReadBefore() throws InvalidLineException {
        String first = FRIEND_ADDED.replace("}", collidingFields(new Random(7), 0, 150) + "}");
        String second = FRIEND_ADDED.replace("}", collidingFields(new Random(8), 150, 153) + "}");
        SpecificRecord alone = new JsonlEventParser().parseWithTree(second, 6);

        parser.parseWithTree(first, 5);

        assertThat(parser.parseWithTree(second, 6)).isEqualTo(alone);
        assertThat(parser.parse(second, 6)).isEqualTo(alone);
    }

    /**
     * Lines of every type with fields in any order, given twice, unknown ones among them, a value
     * out of the ordinary here and there, odd spacing, and a few characters changed at random.
     */
    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.randomValue(FlatLineFieldsPropertiesTest::line);
    }

    private static String line(Random random) {
        String type = pick(random, "FriendAdded", "FriendAdded", "ChatroomCreated", "DeviceRegistered", "SpamReported", "Friendadded");
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"type", "\"" + type + "\""});
        fields.add(new String[] {"accountId", quoted(random)});
        fields.add(new String[] {"occurredAt", String.valueOf(1 + random.nextInt(Integer.MAX_VALUE))});
        switch (type) {
            case "ChatroomCreated" -> {
                int members = random.nextInt(20);
                fields.add(new String[] {"chatroomId", quoted(random)});
                fields.add(new String[] {"memberCount", String.valueOf(members)});
                fields.add(new String[] {"nonFriendMemberCount", String.valueOf(random.nextInt(members + 2))});
            }
            case "DeviceRegistered" -> {
                fields.add(new String[] {"deviceId", quoted(random)});
                fields.add(new String[] {"accountCreatedAt", String.valueOf(1 + random.nextInt(1000))});
            }
            case "SpamReported" -> fields.add(new String[] {"reporterAccountId", quoted(random)});
            default -> {
                fields.add(new String[] {"friendAccountId", quoted(random)});
                fields.add(new String[] {"source", "\"" + pick(random, "CONTACT_SYNC", "QR_CODE", "INVITE_LINK", "contact_sync") + "\""});
                fields.add(new String[] {"mutual", pick(random, "true", "false")});
                fields.add(new String[] {"deviceId", quoted(random)});
            }
        }
        if (random.nextInt(3) == 0) {
            fields.add(new String[] {"eventId", random.nextBoolean() ? quoted(random) : pick(random, ODD_VALUES)});
        }
        for (String[] field : fields) {
            if (random.nextInt(25) == 0) {
                field[1] = random.nextBoolean() ? pick(random, OTHER_TYPES) : pick(random, ODD_VALUES);
            }
        }
        if (random.nextInt(40) == 0) {
            fields.add(new String[] {"meta", "0" + collidingFields(random, 0, 150 + random.nextInt(300)).replace(",\"", "," + space(random) + "\"")});
        }
        int oddities = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < oddities; i++) {
            String name = random.nextBoolean() ? pick(random, NAMES) : pick(random, UNKNOWN_NAMES);
            String value = random.nextBoolean() ? pick(random, ODD_VALUES) : quoted(random);
            if (random.nextBoolean()) {
                fields.add(new String[] {name, value});
            } else {
                fields.set(random.nextInt(fields.size()), new String[] {name, value});
            }
        }
        Collections.shuffle(fields, random);
        StringBuilder line = new StringBuilder(space(random)).append('{');
        for (int i = 0; i < fields.size(); i++) {
            line.append(i > 0 ? space(random) + "," + space(random) : space(random))
                    .append('"').append(fields.get(i)[0]).append('"').append(space(random)).append(':').append(space(random))
                    .append(fields.get(i)[1]);
        }
        line.append(space(random)).append('}').append(space(random));
        if (random.nextInt(5) == 0) {
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits && line.length() > 0; i++) {
                int at = random.nextInt(line.length());
                char c = EDIT_CHARACTERS.charAt(random.nextInt(EDIT_CHARACTERS.length()));
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, c);
                    case 1 -> line.deleteCharAt(at);
                    default -> line.setCharAt(at, c);
                }
            }
        }
        return line.toString();
    }

    /**
     * {@code count} fields from the {@code first}th on, each {@code ,"name":0} or {@code 1}, whose
     * names are six blocks that hash alike in Jackson's table of names (729 such names in all).
     */
    private static String collidingFields(Random random, int first, int count) {
        String[] blocks = {"Ab", "BA", "C "};
        StringBuilder fields = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            fields.append(",\"");
            for (int block = 0, rest = i % 729; block < 6; block++, rest /= 3) {
                fields.append(blocks[rest % 3]);
            }
            fields.append("\":").append(random.nextInt(2));
        }
        return fields.toString();
    }

    private static String quoted(Random random) {
        String text = pick(random, "a1", "u77", "d2", "account-" + random.nextInt(1000), "Ωmega-账户-🙂", "", " ", "x".repeat(random.nextInt(300)));
        return "\"" + text + "\"";
    }

    private static String space(Random random) {
        int draw = random.nextInt(200);
        return draw < 3 ? pick(random, ODD_SPACES) : draw < 30 ? pick(random, SPACES) : "";
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    /** The event, or the reason it was refused. */
    private static Object outcome(Attempt attempt) {
        try {
            return attempt.parse();
        } catch (InvalidLineException e) {
            return "refused: " + e.getMessage();
        }
    }

    private interface Attempt {
        Object parse() throws InvalidLineException;
    }
}
