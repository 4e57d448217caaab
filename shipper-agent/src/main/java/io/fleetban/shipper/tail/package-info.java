/**
 * Reading log files the way fail2ban's polling backend does, plus what fail2ban lacks: glob logpaths re-expanded
 * while running, rename rotation (the old file is finished first), copytruncate (detected by size and by the first
 * line), bounded line length, and per-file checkpoints that only move past lines whose offenses the broker
 * acknowledged. Entry point: {@link io.fleetban.shipper.tail.LogTailer}; persistence:
 * {@link io.fleetban.shipper.tail.CheckpointStore}.
 */
package io.fleetban.shipper.tail;
