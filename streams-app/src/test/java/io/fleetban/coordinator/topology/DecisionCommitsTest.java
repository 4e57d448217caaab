package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class DecisionCommitsTest {

    private static final Duration SPACING = Duration.ofMillis(10);

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final DecisionCommits commits = new DecisionCommits(context, SPACING);

    @Test
    void shouldAskForACommitAtTheFirstDecision() {
        context.setCurrentSystemTimeMs(1_000);

        commits.decided();

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldHoldADecisionRightAfterACommitForTheSpacingAndAskWhenItEnds() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();

        context.setCurrentSystemTimeMs(1_004);
        commits.decided();
        assertThat(context.committed())
                .as("within the spacing of the commit's end")
                .isFalse();
        punctuate(1_012);
        assertThat(context.committed())
                .as("punctuated before the spacing ended")
                .isFalse();

        punctuate(1_014);
        assertThat(context.committed()).as("the held-back decision's commit").isTrue();
    }

    @Test
    void shouldNotAskForACommitWithoutANewDecision() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();

        punctuate(1_050);

        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldTakeTheSecondPunctuationAfterARequestAsTheCommitsEnd() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();
        punctuate(1_002); // may run before the commit, in the same pass of the stream thread
        punctuate(1_030); // the commit took at most 30 ms

        context.setCurrentSystemTimeMs(1_059);
        commits.decided();
        assertThat(context.committed()).as("within 30 ms of the commit's end").isFalse();
        punctuate(1_060);

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldTakeTheNextPunctuationAsTheEndOfACommitAPunctuationAskedFor() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.setCurrentSystemTimeMs(1_004);
        commits.decided();
        punctuate(1_014);
        assertThat(context.committed()).isTrue();
        context.resetCommit();

        punctuate(1_024);
        context.setCurrentSystemTimeMs(1_034);
        commits.decided();

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldCollectTheDecisionsOfASlowCommitsLengthIntoTheNextCommit() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();

        // The commit took 200 ms: the decisions after it wait as long, then share one commit.
        for (long now = 1_200; now < 1_400; now += 5) {
            context.setCurrentSystemTimeMs(now);
            commits.decided();
            assertThat(context.committed()).as("decision at %d", now).isFalse();
        }
        punctuate(1_400);

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldAskAtOnceForADecisionAfterAQuietSpell() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();
        punctuate(1_002);
        punctuate(1_030);

        context.setCurrentSystemTimeMs(5_000);
        commits.decided();

        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldPunctuateOnWallClockTimeEverySpacing() {
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(punctuator.getInterval()).isEqualTo(SPACING);
    }

    private void punctuate(long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }
}
