#!/usr/bin/env bash
# The demo attacker: 5 requests to one web host, then watch every web host until it refuses this container's
# connections (the fleet-wide ban). Exits 0 when all refuse within the timeout.
#   attack.sh [TARGET [WATCHED...]]     default: web-a, watching web-a web-b web-c
set -euo pipefail
target=${1:-web-a}
if [ $# -gt 1 ]; then watched=("${@:2}"); else watched=(web-a web-b web-c); fi
port=${APP_PORT:-8000}

for host in "${watched[@]}"; do
  # A TCP connect only: an HTTP request would be logged and counted as an offense before the attack starts.
  until timeout 1 bash -c ": </dev/tcp/$host/$port" 2>/dev/null; do
    echo "attacker: waiting for $host:$port"; sleep 2
  done
done
echo "attacker: I am $(hostname -I | xargs); 5 requests to $target:$port, then watching ${watched[*]}"
args=(probe --attack "$target:$port" --requests 5 --user-agent demo-attacker --await REFUSED --timeout-ms "${TIMEOUT_MS:-10000}")
for host in "${watched[@]}"; do args+=(--watch "$host:$port"); done
exec fleetban "${args[@]}"
