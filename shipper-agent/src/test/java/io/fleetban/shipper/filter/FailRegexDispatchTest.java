package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailRegexDispatchTest {

    /** sshd.conf-like failregexes: literal prefixes, prefixes inside groups, a class, and one searched anywhere. */
    private static final List<String> REGEXES = List.of(
            "^[aA]uthentication failure for <F-USER>.*</F-USER> from <HOST>",
            "^Failed \\S+ for <F-USER>\\S+</F-USER> from <HOST>",
            "^<F-NOFAIL>Connection from</F-NOFAIL> <HOST>",
            "^(?:Connection closed|Disconnected) by <HOST>",
            "rhost=<HOST>",
            "^Failed password for root from <HOST>");

    private final List<FailRegex> failRegexes = REGEXES.stream()
            .map(r -> FailRegex.compile(r, false, true, new FieldNames()))
            .toList();
    private final FailRegexDispatch dispatch = new FailRegexDispatch(failRegexes);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Failed password for root from 192.0.2.1",
                "authentication failure for x from 192.0.2.2",
                "Connection from 192.0.2.3",
                "Disconnected by 192.0.2.4",
                "pam: rhost=192.0.2.5",
                "Fai",
                "",
                "été rhost=192.0.2.6",
                "Connection closed by 192.0.2.7"
            })
    void theCandidatesAreEveryRegexThatMatchesInFilterOrder(String text) {
        int[] candidates = dispatch.candidates(text);
        List<Integer> matching = IntStream.range(0, failRegexes.size())
                .filter(i -> failRegexes.get(i).search(text))
                .boxed()
                .toList();

        assertThat(candidates).isSorted();
        assertThat(IntStream.of(candidates).boxed().toList()).containsAll(matching);
    }

    @Test
    void aLineVisitsOnlyTheRegexesThatCanBeginWithItsFirstCharacter() {
        assertThat(dispatch.candidates("Failed password for root from 192.0.2.1"))
                .containsExactly(1, 4, 5);
        assertThat(dispatch.candidates("Connection from 192.0.2.3")).containsExactly(2, 3, 4);
        assertThat(dispatch.candidates("pam_unix(sshd:session): session opened"))
                .containsExactly(4);
    }

    @Test
    void anEmptyOrNonAsciiTextGetsEveryRegex() {
        assertThat(dispatch.candidates("")).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(dispatch.candidates("été")).containsExactly(0, 1, 2, 3, 4, 5);
    }
}
