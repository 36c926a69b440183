package io.accountshield.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.events.FriendSource;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An event holds the other party's id as a number when it can: the id it gives back must be the one
 * it was given, whatever that was, since the traffic must stay event for event what the seed makes.
 */
class SimEventIdTest {

    @Property(tries = 2_000)
    void shouldGiveBackEveryIdExactlyAsGiven(@ForAll("ids") String id) {
        SimEvent event = SimEvent.friendAdded("u1", 1, id, FriendSource.QR_CODE, true, "d1").withSequence(3);

        assertThat(event.otherId()).isEqualTo(id);
        assertThat(SimEvent.chatroomCreated("u1", 1, id, 3, 1).otherId()).isEqualTo(id);
        assertThat(SimEvent.spamReported("u1", 1, id).otherId()).isEqualTo(id);
        assertThat(SimEvent.deviceRegistered("u1", 1, id, 5).otherId()).isEqualTo(id);
    }

    @Property(tries = 2_000)
    void shouldHoldEveryDrawnIdAsANumber(@ForAll long seed) {
        String id = Draw.id(new SplittableRandom(seed), 'u');

        SimEvent event = SimEvent.friendAdded("u1", 1, id, FriendSource.QR_CODE, false, "d1");

        assertThat(event.otherIdText()).as(id).isNull();
        assertThat(event.otherId()).isEqualTo(id);
    }

    @Example
    void shouldKeepAsTextWhatANumberWouldNotGiveBack() {
        for (String id : new String[] {"u0123456789abcdef", "u123456789ABCDEF0", "u123456789abcdef", "u123456789abcdef0f",
            "u123456789abcdeg", "", "u", "friend-7"}) {
            assertThat(SimEvent.friendAdded("u1", 1, id, FriendSource.QR_CODE, false, "d1").otherIdText()).as(id).isEqualTo(id);
        }
    }

    /** Drawn ids, and strings near their form: a digit more or less, a leading zero; and any text. */
    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> drawn = Arbitraries.longs().map(seed -> Draw.id(new SplittableRandom(seed), (char) ('a' + Math.floorMod(seed, 26))));
        Arbitrary<String> hexLike = Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(15).ofMaxLength(17)
                .map(digits -> "u" + digits);
        return Arbitraries.oneOf(drawn, hexLike, Arbitraries.strings().ofMaxLength(20));
    }
}
