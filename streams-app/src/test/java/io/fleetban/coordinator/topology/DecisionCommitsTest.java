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
    void shouldSpaceRequestsAndAskForTheHeldBackOneWhenTheSpacingEnds() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();

        context.setCurrentSystemTimeMs(1_004);
        commits.decided();
        assertThat(context.committed()).as("within the spacing").isFalse();
        punctuate(1_008);
        assertThat(context.committed())
                .as("punctuated before the spacing ended")
                .isFalse();

        punctuate(1_010);
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
    void shouldAskAtOnceForADecisionAfterTheSpacing() {
        context.setCurrentSystemTimeMs(1_000);
        commits.decided();
        context.resetCommit();

        context.setCurrentSystemTimeMs(1_010);
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
