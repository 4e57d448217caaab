#!/usr/bin/env bash
# Creates the fleetban topics and the least-privilege ACLs of each fleetban role, with kafka-topics.sh and
# kafka-acls.sh from a Kafka distribution (KAFKA_BIN, else $KAFKA_HOME/bin, else PATH). Safe to run again: topics
# are created --if-not-exists and adding an ACL that exists changes nothing.
#
#   create-topics-and-acls.sh --bootstrap-server kafka-1:9093 --command-config admin.properties \
#       --shipper User:shipper --enforcer User:enforcer --coordinator User:coordinator --client User:ops \
#       --operator User:kafka-ui
#
# Options (principals repeatable, e.g. User:web-1 or, with mTLS, the certificate's mapped name):
#   --bootstrap-server HOST:PORT   required
#   --command-config FILE          admin client properties (security.protocol, sasl.*, ssl.*) of a principal that
#                                  may create topics and ACLs
#   --prefix P                     topic prefix, as [kafka] topic.prefix (default fleetban.)
#   --application-id ID            the coordinator's [coordinator] application.id (default fleetban-coordinator)
#   --partitions N                 every topic but bans and unbans: a command keyed by an IP must land in the
#                                  partition of that IP's offenses (default 6, as [kafka] topic.partitions)
#   --decision-partitions N        bans and unbans, which every enforcer reads whole (default 1, as [kafka]
#                                  decision.partitions)
#   --replication-factor N         default 3; with 3 or more, min.insync.replicas=2 is set too
#   --shipper / --enforcer / --coordinator / --client / --operator PRINCIPAL
#   --operator-group-prefix P      consumer groups an operator may use (default fleetban-ops-)
#   --topics-only | --acls-only    do one half only (the docker-compose demo has no authorizer: --topics-only)
#   --dry-run                      print the commands instead of running them
#
# What each role may do, and why (nothing else is granted; a shipper that tries to write a ban is denied):
#   shipper      WRITE + DESCRIBE <prefix>offenses; IDEMPOTENT_WRITE on the cluster (its producer is idempotent;
#                brokers since 3.0 imply it from WRITE, older ones need it)
#   enforcer     READ + DESCRIBE <prefix>bans, unbans, active-bans. No group ACL: enforcers assign() partitions and
#                never join a group, each reading every decision itself. WRITE + DESCRIBE <prefix>enforcer-status
#                (each enforcer publishes its own state there, keyed by host id) and IDEMPOTENT_WRITE on the cluster;
#                nothing else
#   coordinator  READ offenses and commands; WRITE bans, unbans, active-bans, dead-letter; READ bans and unbans and
#                WRITE commands (prefix escalation, fleet.escalate.*, reads its bans back and sends network bans as
#                commands); DESCRIBE all of them;
#                CREATE on topics prefixed <prefix> (it creates missing topics at start, and Kafka checks CREATE
#                before it checks existence); its consumer group <application.id>; WRITE + DESCRIBE on transactional
#                ids prefixed <application.id> (exactly_once_v2); CREATE, READ, WRITE, DESCRIBE, DESCRIBE_CONFIGS,
#                DELETE on its internal topics prefixed <application.id> (changelogs, repartition topics, whose
#                consumed records Streams deletes); READ + DESCRIBE <prefix>enforcer-status and READ
#                <prefix>active-bans (global stores behind GET /hosts); IDEMPOTENT_WRITE on the cluster
#   client       WRITE + DESCRIBE <prefix>commands (fleetban client banip/unbanip); READ + DESCRIBE
#                <prefix>enforcer-status; IDEMPOTENT_WRITE on the cluster
#   operator     read-only, for kcat, kafka-ui and console consumers: READ + DESCRIBE + DESCRIBE_CONFIGS on topics
#                prefixed <prefix> (not the coordinator's internal topics, which are prefixed <application.id>);
#                READ + DESCRIBE on consumer groups prefixed --operator-group-prefix (a console consumer or kafka-ui
#                must use such a group id, e.g. kcat -G fleetban-ops-alice). No WRITE anywhere
set -euo pipefail

die() { echo "create-topics-and-acls.sh: $*" >&2; exit 2; }

bootstrap="" command_config="" prefix="fleetban." application_id="fleetban-coordinator"
partitions=6 decision_partitions=1 replication=3 do_topics=1 do_acls=1 dry_run=0 operator_groups="fleetban-ops-"
shippers=() enforcers=() coordinators=() clients=() operators=()

while [ $# -gt 0 ]; do
  case $1 in
    --bootstrap-server) bootstrap=${2:?}; shift ;;
    --command-config) command_config=${2:?}; shift ;;
    --prefix) prefix=${2?}; shift ;;
    --application-id) application_id=${2:?}; shift ;;
    --partitions) partitions=${2:?}; shift ;;
    --decision-partitions) decision_partitions=${2:?}; shift ;;
    --replication-factor) replication=${2:?}; shift ;;
    --shipper) shippers+=("${2:?}"); shift ;;
    --enforcer) enforcers+=("${2:?}"); shift ;;
    --coordinator) coordinators+=("${2:?}"); shift ;;
    --client) clients+=("${2:?}"); shift ;;
    --operator) operators+=("${2:?}"); shift ;;
    --operator-group-prefix) operator_groups=${2:?}; shift ;;
    --topics-only) do_acls=0 ;;
    --acls-only) do_topics=0 ;;
    --dry-run) dry_run=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
[ -n "$bootstrap" ] || die "--bootstrap-server is required"
[[ $partitions =~ ^[1-9][0-9]*$ ]] || die "--partitions must be a positive number: $partitions"
[[ $decision_partitions =~ ^[1-9][0-9]*$ ]] || die "--decision-partitions must be a positive number: $decision_partitions"
[[ $replication =~ ^[1-9][0-9]*$ ]] || die "--replication-factor must be a positive number: $replication"
[ -z "$command_config" ] || [ -r "$command_config" ] || die "cannot read --command-config $command_config"
for principal in "${shippers[@]}" "${enforcers[@]}" "${coordinators[@]}" "${clients[@]}" "${operators[@]}"; do
  [[ $principal == *:?* ]] || die "a principal is TYPE:NAME, e.g. User:shipper: $principal"
done

kafka_bin=${KAFKA_BIN:-${KAFKA_HOME:+$KAFKA_HOME/bin}}
tool() { if [ -n "$kafka_bin" ]; then echo "$kafka_bin/$1"; else echo "$1"; fi; }
connection=(--bootstrap-server "$bootstrap")
[ -z "$command_config" ] || connection+=(--command-config "$command_config")

run() {
  if [ "$dry_run" -eq 1 ]; then
    printf '%q ' "$@"; echo
  else
    "$@"
  fi
}

# create_topic NAME PARTITIONS [CONFIG...]
create_topic() {
  local name=$1 count=$2; shift 2
  local configs=("$@")
  [ "$replication" -lt 3 ] || configs+=(min.insync.replicas=2)
  local args=(--create --if-not-exists --topic "$prefix$name" --partitions "$count" --replication-factor "$replication")
  local config
  for config in "${configs[@]}"; do args+=(--config "$config"); done
  run "$(tool kafka-topics.sh)" "${connection[@]}" "${args[@]}"
}

# allow PRINCIPAL RESOURCE-ARGS... -- OPERATION...
allow() {
  local principal=$1; shift
  local resource=()
  while [ "$1" != "--" ]; do resource+=("$1"); shift; done
  shift
  local operations=()
  local operation
  for operation in "$@"; do operations+=(--operation "$operation"); done
  run "$(tool kafka-acls.sh)" "${connection[@]}" --add --allow-principal "$principal" "${operations[@]}" "${resource[@]}"
}

topic() { echo "$prefix$1"; }

acls_for_shipper() {
  allow "$1" --topic "$(topic offenses)" -- Write Describe
  allow "$1" --cluster -- IdempotentWrite
}

acls_for_enforcer() {
  local name
  for name in bans unbans active-bans; do
    allow "$1" --topic "$(topic "$name")" -- Read Describe
  done
  allow "$1" --topic "$(topic enforcer-status)" -- Write Describe
  allow "$1" --cluster -- IdempotentWrite
}

acls_for_coordinator() {
  local name
  for name in offenses; do
    allow "$1" --topic "$(topic "$name")" -- Read Describe
  done
  for name in commands bans unbans; do
    allow "$1" --topic "$(topic "$name")" -- Read Write Describe
  done
  # active-bans is also read back: every instance holds it as a global store (GET /hosts compares host digests).
  allow "$1" --topic "$(topic active-bans)" -- Read Write Describe
  allow "$1" --topic "$(topic dead-letter)" -- Write Describe
  allow "$1" --topic "$(topic enforcer-status)" -- Read Describe
  allow "$1" --topic "$prefix" --resource-pattern-type prefixed -- Create
  allow "$1" --group "$application_id" -- Read
  allow "$1" --transactional-id "$application_id" --resource-pattern-type prefixed -- Write Describe
  allow "$1" --topic "$application_id" --resource-pattern-type prefixed -- Create Read Write Describe DescribeConfigs Delete
  allow "$1" --cluster -- IdempotentWrite
}

acls_for_client() {
  allow "$1" --topic "$(topic commands)" -- Write Describe
  allow "$1" --topic "$(topic enforcer-status)" -- Read Describe
  allow "$1" --cluster -- IdempotentWrite
}

acls_for_operator() {
  allow "$1" --topic "$prefix" --resource-pattern-type prefixed -- Read Describe DescribeConfigs
  allow "$1" --group "$operator_groups" --resource-pattern-type prefixed -- Read Describe
}

if [ "$do_topics" -eq 1 ]; then
  create_topic offenses "$partitions"
  create_topic bans "$decision_partitions"
  create_topic unbans "$decision_partitions"
  # Compacted: reading it from the beginning yields exactly the current ban set (a tombstone ends a ban).
  create_topic active-bans "$partitions" cleanup.policy=compact
  create_topic commands "$partitions"
  create_topic dead-letter "$partitions"
  # Compacted: each enforcer's latest state, keyed by host id.
  create_topic enforcer-status "$partitions" cleanup.policy=compact
fi
if [ "$do_acls" -eq 1 ]; then
  for p in "${shippers[@]}"; do acls_for_shipper "$p"; done
  for p in "${enforcers[@]}"; do acls_for_enforcer "$p"; done
  for p in "${coordinators[@]}"; do acls_for_coordinator "$p"; done
  for p in "${clients[@]}"; do acls_for_client "$p"; done
  for p in "${operators[@]}"; do acls_for_operator "$p"; done
fi
