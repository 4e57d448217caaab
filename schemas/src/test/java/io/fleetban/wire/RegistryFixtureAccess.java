package io.fleetban.wire;

import java.io.IOException;
import java.net.URI;

/** Opens {@link SchemaRegistryProtocolFixture} (package-private) to the io.fleetban.kafka integration test. */
public final class RegistryFixtureAccess implements AutoCloseable {

  private final SchemaRegistryProtocolFixture fixture;

  private RegistryFixtureAccess(SchemaRegistryProtocolFixture fixture) {
    this.fixture = fixture;
  }

  public static RegistryFixtureAccess start() throws IOException {
    return new RegistryFixtureAccess(SchemaRegistryProtocolFixture.start(1));
  }

  public URI url() {
    return fixture.url();
  }

  /** How many registrations reached the registry for this subject. */
  public long registrations(String subject) {
    return fixture.requestsTo("POST", "/subjects/" + subject + "/versions");
  }

  @Override
  public void close() {
    fixture.close();
  }
}
