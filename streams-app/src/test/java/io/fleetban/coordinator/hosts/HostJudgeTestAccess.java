package io.fleetban.coordinator.hosts;

import io.fleetban.avro.EnforcerStatus;
import io.fleetban.status.BanSetDigest;
import java.time.Instant;
import java.util.stream.Stream;

/** A host's status for tests in other packages. */
public final class HostJudgeTestAccess {

    private HostJudgeTestAccess() {}

    public static EnforcerStatus status(String host, Instant at) {
        EnforcerStatus status = HostJudgeTest.status(at, 0, 0, BanSetDigest.of(Stream.empty()), true);
        status.setHostId(host);
        return status;
    }
}
