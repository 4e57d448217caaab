/**
 * Reading the systemd journal for {@code backend = systemd} jails the way fail2ban's systemd backend does, through
 * {@code journalctl -o json -f} (no native library): the jail's {@code journalmatch} as journalctl arguments
 * ({@link io.fleetban.shipper.journal.JournalMatch}), each entry parsed and turned into fail2ban's
 * {@code host ident[pid]: message} line ({@link io.fleetban.shipper.journal.JournalEntry}), a restarted journalctl
 * ({@link io.fleetban.shipper.journal.JournalFollower}) and per-jail cursors that only move past entries whose
 * offenses the broker acknowledged ({@link io.fleetban.shipper.journal.JournalPosition},
 * {@link io.fleetban.shipper.journal.JournalCursorStore}).
 */
package io.fleetban.shipper.journal;
