package io.fleetban.deploy;

import org.junit.jupiter.api.Test;

/**
 * What every shipped security example must give the fleet once its script's ACLs are in place: five offending lines
 * end in a ban, and each agent's principal is denied the topics only the others write.
 */
interface SecuredExampleContract {

    /** The fleet on the example's broker, its topics and ACLs created. */
    SecuredExampleFleet fleet();

    /** The attacker of {@link #fiveOffendingLinesEndInABanOnTheHost}, one of its own per example. */
    String attacker();

    @Test
    default void fiveOffendingLinesEndInABanOnTheHost() throws Exception {
        fleet().fiveLinesEndInABan(attacker());
    }

    @Test
    default void shipperIsDeniedWritingBansAndCommands() throws Exception {
        fleet().assertDeniedWriting("shipper", fleet().topic("bans"));
        fleet().assertDeniedWriting("shipper", fleet().topic("commands"));
    }

    @Test
    default void enforcerIsDeniedWritingOffensesAndBans() throws Exception {
        fleet().assertDeniedWriting("enforcer", fleet().topic("offenses"));
        fleet().assertDeniedWriting("enforcer", fleet().topic("bans"));
    }
}
