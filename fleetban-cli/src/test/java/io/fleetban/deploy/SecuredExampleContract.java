package io.fleetban.deploy;

import org.junit.jupiter.api.Test;

/**
 * What every shipped security example must give the fleet once its script's ACLs are in place: five offending lines
 * end in a ban, and each agent's principal is denied the topics only the others write.
 */
interface SecuredExampleContract {

    /** Each example runs on a broker of its own, so one attacker address serves them all. */
    String ATTACKER = "203.0.113.61";

    /** The fleet on the example's broker, its topics and ACLs created. */
    SecuredExampleFleet fleet();

    @Test
    default void fiveOffendingLinesEndInABanOnTheHost() throws Exception {
        fleet().fiveLinesEndInABan(ATTACKER);
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
