#!/usr/bin/env bash
# One demo web host in one container: the tutorial's app writing /var/log/demo/fail.log, the shipper tailing it and
# the enforcer applying every fleet ban to this container's own network namespace (needs CAP_NET_ADMIN).
# If any of the three stops, the container stops, so Docker's restart policy restarts the host as a whole.
set -euo pipefail
conf=${FLEETBAN_CONF:-/etc/fleetban/fleetban.conf}
pids=()
stop() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait; }
# docker stop: stop the three (the enforcer removes its chain and sets on the way out), then leave.
trap 'stop; exit 143' TERM INT

fleetban shipper -c "$conf" & pids+=("$!")
fleetban enforcer -c "$conf" & pids+=("$!")
# The app answers only once the shipper tails its log (its /health, metrics.listen in webhost.conf): a request
# served before would never be counted.
until curl -sf http://127.0.0.1:9101/health >/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "webhost: the shipper exited before it was healthy" >&2; stop; exit 1; }
  sleep 0.5
done
fleetban demo-app --listen 0.0.0.0 --port 8000 --log /var/log/demo/fail.log & pids+=("$!")

status=0
wait -n || status=$?
echo "webhost: a process exited (status $status); stopping the host" >&2
stop
exit "$status"
