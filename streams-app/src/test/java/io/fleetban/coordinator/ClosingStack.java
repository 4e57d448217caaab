package io.fleetban.coordinator;

import java.util.ArrayDeque;
import java.util.Deque;

/** What an integration test opened, closed in reverse order (apps before the broker they use). */
final class ClosingStack implements AutoCloseable {

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
        open.push(resource);
        return resource;
    }

    /** Forgets a resource the test closed itself. */
    void remove(AutoCloseable resource) {
        open.remove(resource);
    }

    @Override
    public void close() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }
}
