/**
 * Reading log files the way fail2ban's polling backend does, plus what fail2ban lacks: glob logpaths re-expanded
 * while running, a first start that reads back the jail's findtime by a binary search over line dates
 * ({@link io.fleetban.shipper.tail.FindtimeSeek}), rename rotation and copytruncate (the old file or the copy is
 * finished first, also after a restart: {@link io.fleetban.shipper.tail.RotatedFileFinder}), bounded line length,
 * and per-file checkpoints that only move past lines whose offenses the broker acknowledged. Entry point:
 * {@link io.fleetban.shipper.tail.LogTailer}; persistence: {@link io.fleetban.shipper.tail.CheckpointStore}.
 */
package io.fleetban.shipper.tail;
