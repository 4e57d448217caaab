#!/usr/bin/env bash
# The docker-compose demo fleet without Docker: network namespaces on one Linux machine (run as root).
#
#   fleet.sh up       core namespace (bridge, broker, coordinator), web hosts a b c (demo-app + shipper + enforcer
#                     with the ipset backend, each in its own namespace), an attacker namespace
#   fleet.sh attack   5 requests from the attacker to host a, then shows the REJECT on a, b and c
#   fleet.sh status   `fleetban client status fail` and each host's ipset sets
#   fleet.sh unban    lifts the attacker's ban on every host now (`fleetban client unbanip fail <attacker>`)
#   fleet.sh down     stops every process in the fleet's namespaces and deletes them (idempotent, also after a crash)
#
# Same layout as the end-to-end test (fleetban-cli/src/test/java/io/fleetban/e2e): one bridge in the core namespace,
# one veth per host, addresses from a /24 of 198.18.0.0/15 (RFC 2544 benchmarking) or a TEST-NET. Nothing is added
# to the root namespace, so the fleet cannot reach, or be reached from, any real network; every packet it sends
# stays between the namespaces this script created.
#
# Environment: FLEET_RUN_DIR (logs, configs, state; default /tmp/fleetban-fleet), FLEET_SUBNET (first three octets,
# default 198.18.42), FLEET_NS_PREFIX (default fbfleet), FLEET_BANTIME (seconds, default: the jail's own 60),
# FLEETBAN (the fleetban command, default bin/fleetban of this checkout), FLEETBAN_JAVA_OPTS.
set -euo pipefail

readonly REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
readonly FLEETBAN=${FLEETBAN:-$REPO/bin/fleetban}
readonly RUN_DIR=${FLEET_RUN_DIR:-/tmp/fleetban-fleet}
readonly PREFIX=${FLEET_NS_PREFIX:-fbfleet}
readonly SUBNET=${FLEET_SUBNET:-198.18.42}
readonly BANTIME=${FLEET_BANTIME:-}
readonly HOSTS=(a b c)
readonly JAIL=fail
readonly APP_PORT=8000
declare -rA OCTET=([core]=1 [a]=11 [b]=12 [c]=13 [attacker]=66 [spare]=99)
# Eleven JVMs on a small machine: start fast, stay small.
export FLEETBAN_JAVA_OPTS=${FLEETBAN_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx256m}

die() { echo "fleet.sh: $*" >&2; exit 1; }
log() { echo "fleet.sh: $*"; }
ns() { echo "$PREFIX-$1"; }
addr() { echo "$SUBNET.${OCTET[$1]}"; }
in_ns() { local role=$1; shift; ip netns exec "$(ns "$role")" "$@"; }
our_namespaces() { ip netns list | awk '{print $1}' | grep -E "^$PREFIX-(core|attacker|[a-z])$" || true; }

check_environment() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, ipset, iptables)"
  local tool
  for tool in ip ipset iptables curl java; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
  done
  # Only never-routed ranges: 198.18.0.0/15 (benchmarking) or the three TEST-NETs.
  [[ $SUBNET =~ ^198\.1[89]\.([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$|^192\.0\.2$|^198\.51\.100$|^203\.0\.113$ ]] \
    || die "FLEET_SUBNET=$SUBNET is not a /24 of 198.18.0.0/15 or a TEST-NET"
  [[ $PREFIX =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "FLEET_NS_PREFIX=$PREFIX: 1-8 lower-case letters or digits"
}

# --- up ---------------------------------------------------------------------------------------------------------

create_network() {
  local core role
  core=$(ns core)
  ip netns add "$core"
  ip -n "$core" link set lo up
  ip -n "$core" link add br0 type bridge
  ip -n "$core" addr add "$(addr core)/24" dev br0
  ip -n "$core" link set br0 up
  for role in "${HOSTS[@]}" attacker; do
    ip netns add "$(ns "$role")"
    ip -n "$(ns "$role")" link set lo up
    # Both ends are created inside namespaces: no interface ever appears in the root namespace.
    ip -n "$core" link add "v-$role" type veth peer name eth0 netns "$(ns "$role")"
    ip -n "$core" link set "v-$role" master br0 up
    ip -n "$(ns "$role")" addr add "$(addr "$role")/24" dev eth0
    ip -n "$(ns "$role")" link set eth0 up
  done
}

# fleetban.conf and the tutorial's fail2ban files (unchanged) plus the per-host jail.d/fail.local override.
write_config() {
  local role=$1 dir=$RUN_DIR/$1
  mkdir -p "$dir/fail2ban/filter.d" "$dir/fail2ban/jail.d"
  cp "$REPO/examples/filter.d/fail.conf" "$dir/fail2ban/filter.d/fail.conf"
  cp "$REPO/examples/jail.d/fail.conf" "$dir/fail2ban/jail.d/fail.conf"
  {
    echo "[fail]"
    echo "logpath = $dir/fail.log"
    [ -z "$BANTIME" ] || echo "bantime = $BANTIME"
  } >"$dir/fail2ban/jail.d/fail.local"
  cat >"$dir/fleetban.conf" <<EOF
[kafka]
bootstrap.servers = $(addr core):9092
topic.partitions = 3

[fail2ban]
config.dir = $dir/fail2ban

[shipper]
host.id = $role
state.dir = $dir/shipper-state

[coordinator]
state.dir = $dir/coordinator-state
http.listen = $(addr core):7070
# Only the fleet's own namespaces reach this address: plain HTTP without a token.
http.allow.insecure = true

[enforcer]
host.id = $role
backend = ipset
EOF
}

# Starts `fleetban <args>` in the role's namespace, in its own session, output in logs/<name>.log, restarted when it
# exits (as the systemd units do: an agent that gives up on a slow broker at start comes back). The supervising
# loop runs inside the namespace too, so `down` finds and stops it with the process it supervises.
start() {
  local role=$1 name=$2; shift 2
  # shellcheck disable=SC2016 # $0/$@ expand in the supervising bash, not here
  setsid ip netns exec "$(ns "$role")" bash -c 'while :; do "$0" "$@"; echo "fleet.sh: exited with status $?; restarting in 2 s"; sleep 2; done' \
    "$FLEETBAN" "$@" >"$RUN_DIR/logs/$name.log" 2>&1 </dev/null &
  echo "$!" >"$RUN_DIR/logs/$name.pid"
}

# A TCP connect only: no HTTP request, so the demo app writes no log line and the shipper sees no offense.
tcp_open() { in_ns "$1" timeout 1 bash -c ": </dev/tcp/$2/$3" 2>/dev/null; }

await() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${seconds}s waiting for $what (logs: $RUN_DIR/logs)"
    sleep 0.5
  done
}

coordinator_answers() {
  [ "$(in_ns core curl -s -o /dev/null -w '%{http_code}' "http://$(addr core):7070/jails/$JAIL/status")" = 200 ]
}

# Whether the host's ipset sets hold the address (read into a variable first: grep -q closing the pipe early
# would fail the pipeline under pipefail).
in_set() {
  local sets
  sets=$(in_ns "$1" ipset list -o save 2>/dev/null || true)
  grep -q -- "^add .* $2\( \|$\)" <<<"$sets"
}

in_every_set() {
  local host
  for host in "${HOSTS[@]}"; do in_set "$host" "$1" || return 1; done
}

in_no_set() {
  local host
  for host in "${HOSTS[@]}"; do ! in_set "$host" "$1" || return 1; done
}

client() { in_ns core "$FLEETBAN" client -c "$RUN_DIR/core/fleetban.conf" "$@"; }

up() {
  [ -z "$(our_namespaces)" ] || die "the fleet is already up (namespaces $(our_namespaces | xargs)); run: $0 down"
  # The build happens once here (bin/fleetban builds when sources changed), never in eleven processes at once.
  "$FLEETBAN" --version >/dev/null || die "$FLEETBAN does not run"
  export FLEETBAN_SKIP_BUILD=1
  trap '[ $? -eq 0 ] || echo "fleet.sh: up failed; look at $RUN_DIR/logs, then clean up with: $0 down" >&2' EXIT
  rm -rf "$RUN_DIR/core" "$RUN_DIR/logs" "${HOSTS[@]/#/$RUN_DIR/}"
  mkdir -p "$RUN_DIR/logs"
  create_network
  log "network: bridge $SUBNET.0/24 in $(ns core); hosts a=$(addr a) b=$(addr b) c=$(addr c); attacker $(addr attacker)"

  write_config core
  start core broker broker --data-dir "$RUN_DIR/core/broker" --listen "$(addr core)" --advertised-host "$(addr core)"
  await "the broker on $(addr core):9092" 120 tcp_open core "$(addr core)" 9092
  log "broker up at $(addr core):9092"
  start core coordinator coordinator -c "$RUN_DIR/core/fleetban.conf"
  await "the coordinator's query API" 180 coordinator_answers
  log "coordinator up at http://$(addr core):7070 (it created the topics)"

  local host
  for host in "${HOSTS[@]}"; do
    write_config "$host"
    start "$host" "app-$host" demo-app --listen 0.0.0.0 --port "$APP_PORT" --log "$RUN_DIR/$host/fail.log"
    start "$host" "shipper-$host" shipper -c "$RUN_DIR/$host/fleetban.conf"
    start "$host" "enforcer-$host" enforcer -c "$RUN_DIR/$host/fleetban.conf"
  done
  for host in "${HOSTS[@]}"; do
    await "the demo app on host $host" 120 tcp_open attacker "$(addr "$host")" "$APP_PORT"
  done
  # The whole decision path, end to end: a manual ban of a spare address must reach every host's set.
  client banip "$JAIL" "$(addr spare)" >/dev/null
  await "a test ban of $(addr spare) on every host" 180 in_every_set "$(addr spare)"
  client unbanip "$JAIL" "$(addr spare)" >/dev/null
  await "the test unban of $(addr spare) on every host" 60 in_no_set "$(addr spare)"
  log "fleet up: every enforcer applies decisions. Next: $0 attack | status | down   (logs: $RUN_DIR/logs)"
}

# --- attack / status / down -------------------------------------------------------------------------------------

require_up() {
  [ -n "$(our_namespaces)" ] || die "the fleet is not up; run: $0 up"
  export FLEETBAN_SKIP_BUILD=1
}

show_host() {
  local host=$1 code
  code=$(in_ns attacker curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$(addr "$host"):$APP_PORT/" || true)
  echo "--- host $host ($(addr "$host")): attacker's request -> ${code/#000/connection refused}"
  in_ns "$host" iptables -w -n -v -L fleetban 2>/dev/null | sed 's/^/    /' || echo "    (no fleetban chain)"
  local sets
  sets=$(in_ns "$host" ipset list -o save 2>/dev/null || true)
  grep -- "^add .* $(addr attacker)\( \|$\)" <<<"$sets" | sed 's/^/    /' || echo "    ($(addr attacker) is in no set)"
}

attack() {
  require_up
  local attacker host
  attacker=$(addr attacker)
  if ! in_no_set "$attacker"; then
    log "$attacker is still banned from an earlier attack: unbanning it first"
    unban
  fi
  log "attacker $attacker sends 5 requests to host a ($(addr a):$APP_PORT), then watches a, b and c"
  # The probe sends the requests and times the first refused connect on each host on one clock.
  local probe=(probe --attack "$(addr a):$APP_PORT" --requests 5 --user-agent fleet.sh-attacker --await REFUSED --timeout-ms 10000)
  for host in "${HOSTS[@]}"; do probe+=(--watch "$(addr "$host"):$APP_PORT"); done
  local status=0
  in_ns attacker "$FLEETBAN" "${probe[@]}" || status=$?
  for host in "${HOSTS[@]}"; do show_host "$host"; done
  [ "$status" -eq 0 ] || die "not every host refused the attacker within 10 s (logs: $RUN_DIR/logs)"
  log "banned on every host; the ban lifts by itself after bantime, or now with: $0 unban"
}

unban() {
  require_up
  local attacker
  attacker=$(addr attacker)
  client unbanip "$JAIL" "$attacker" >/dev/null
  await "the unban of $attacker on every host" 30 in_no_set "$attacker"
  log "$attacker unbanned on every host"
}

status() {
  require_up
  client status "$JAIL"
  local host
  for host in "${HOSTS[@]}"; do
    echo "--- host $host ($(addr "$host")): ipset"
    in_ns "$host" ipset list | sed 's/^/    /'
  done
}

down() {
  [ "$(id -u)" -eq 0 ] || die "needs root"
  local namespace pids round
  # Only processes inside the fleet's own namespaces are signalled: whatever the pid files say, after a crash a
  # pid may belong to someone else, a namespace member cannot.
  for round in TERM TERM TERM TERM TERM TERM TERM TERM TERM TERM KILL; do
    pids=$(for namespace in $(our_namespaces); do ip netns pids "$namespace"; done | xargs)
    [ -n "$pids" ] || break
    if [ "$round" = KILL ]; then
      log "killing what did not stop: $pids"
      kill -KILL $pids 2>/dev/null || true
    else
      kill -TERM $pids 2>/dev/null || true
      sleep 1
    fi
  done
  # Deleting a namespace deletes its veths, iptables rules and ipset sets with it.
  for namespace in $(our_namespaces); do
    ip netns del "$namespace"
  done
  rm -f "$RUN_DIR"/logs/*.pid
  log "fleet down (logs kept in $RUN_DIR/logs)"
}

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

[ $# -eq 1 ] || usage
check_environment
case $1 in
  up) up ;;
  attack) attack ;;
  status) status ;;
  unban) unban ;;
  down) down ;;
  *) usage ;;
esac
