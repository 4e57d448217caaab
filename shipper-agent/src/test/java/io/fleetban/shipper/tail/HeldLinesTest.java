package io.fleetban.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeldLinesTest {

    @Test
    void firstIsTheLowestLineStillHeldWhateverOrderTheReleasesCome() {
        HeldLines held = new HeldLines();
        held.hold(0);
        held.hold(100);
        held.hold(200);

        assertThat(held.release(100)).isTrue();
        assertThat(held.first()).isEqualTo(0);
        assertThat(held.release(0)).isTrue();
        assertThat(held.first()).isEqualTo(200);
        assertThat(held.release(200)).isTrue();
        assertThat(held.isEmpty()).isTrue();
    }

    @Test
    void aLineHeldTwiceStaysHeldUntilBothReleases() {
        HeldLines held = new HeldLines();
        held.hold(40);
        held.hold(40);

        held.release(40);
        assertThat(held.isEmpty()).isFalse();
        assertThat(held.first()).isEqualTo(40);
        held.release(40);
        assertThat(held.isEmpty()).isTrue();
    }

    @Test
    void releasingALineNotHeldOrAlreadyReleasedIsRefused() {
        HeldLines held = new HeldLines();
        held.hold(10);
        held.hold(20);
        held.release(20);

        assertThat(held.release(15)).isFalse();
        assertThat(held.release(20)).isFalse();
        assertThat(held.first()).isEqualTo(10);
    }

    @Test
    void aHoldBeforeTheLastHeldLineIsRefused() {
        HeldLines held = new HeldLines();
        held.hold(500);

        assertThatThrownBy(() -> held.hold(400))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lines are held in file order");
    }

    @Test
    void agreesWithASortedMapOverThousandsOfShuffledReleasesWhileTheRingGrowsAndWraps() {
        HeldLines held = new HeldLines();
        TreeMap<Long, Integer> reference = new TreeMap<>();
        Random random = new Random(7);
        List<Long> inFlight = new ArrayList<>();
        long offset = 0;
        for (int round = 0; round < 200; round++) {
            for (int i = random.nextInt(50); i > 0; i--) {
                offset += 1 + random.nextInt(120);
                held.hold(offset);
                reference.merge(offset, 1, Integer::sum);
                inFlight.add(offset);
            }
            Collections.shuffle(inFlight, random);
            for (int i = random.nextInt(inFlight.size() + 1); i > 0; i--) {
                long released = inFlight.remove(inFlight.size() - 1);
                assertThat(held.release(released)).isTrue();
                reference.merge(released, -1, (a, b) -> a + b == 0 ? null : a + b);
            }
            assertThat(held.isEmpty()).isEqualTo(reference.isEmpty());
            if (!reference.isEmpty()) {
                assertThat(held.first()).isEqualTo(reference.firstKey());
            }
        }
    }
}
