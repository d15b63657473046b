#!/usr/bin/env bash
# bench/peer/run-portkey.sh: Keel's gateway and Portkey's open-source gateway side by side, same
# machine, same two provider-sim instances, same open-loop load (bench/run load). See bench/peer/README.md.
#
#   bench/peer/run-portkey.sh [steady] [max] [failover]      (default: all three)
#
# Environment (defaults in brackets):
#   PEER_TARGETS [keel portkey direct]  what to drive; direct = the primary simulator itself (baseline)
#   PEER_RUNS [3]  PEER_DURATION [30] s  PEER_WARMUP [10] s  PEER_RATE [500]  (steady and failover rate)
#   PEER_RATES [500 1000 1500 2000 3000]  max: rates tried in order until a target fails
#   PEER_MAX_DURATION [20] s    PEER_SCENARIOS [port-closed ttft-stall key-revoked error-event]
#   PEER_COLD_DURATION [20] s  every group's first run after a start (group "coldstart", not in the figures)
#   PEER_FAILOVER_RUNS [1]  rounds of the four scenarios
#   PEER_FAULT_AT [10] s  PEER_FAULT_FOR [30] s  PEER_FAULT_TAIL [20] s   (failover run = sum of the three)
#   PEER_MODES [whole stream]   PEER_LATENCY_MS [300]   the simulators' fixed time to first token
#   PEER_KEEL_JVM, PEER_SIM_JVM [-Xmx1g -XX:+UseG1GC]  JVM options of Keel's two JVMs and of the simulators'
#     (full JIT: the launcher's default C1-only serial-GC settings are for the demo's start-up)
#   PEER_OVERRIDE [1]  0: install Portkey with today's npm resolution (no @hono/node-server pin)
#   PEER_DIR [mktemp]  where Portkey is installed (never in the repository); reused when it holds 1.15.2
#   PEER_BUILD [1]  0: use the jars as built (cli/target, bench/target)
#   PEER_OUT [/tmp/keel-peer-<time>]  raw results; BENCH_LOCK [/work/bin/bench-lock when present]
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
. "$here/drive.sh"

export PEER_SIM_PORT=${PEER_SIM_PORT:-18100} PEER_SIM_ADMIN_PORT=${PEER_SIM_ADMIN_PORT:-18200}
export PEER_SIM_PORT2=$((PEER_SIM_PORT + 1))
export PEER_KEEL_PORT=${PEER_KEEL_PORT:-18080} PEER_PORTKEY_PORT=${PEER_PORTKEY_PORT:-18787}
export PEER_BROKER_PORT=${PEER_BROKER_PORT:-19092}
export PEER_TARGETS=${PEER_TARGETS:-keel portkey direct} PEER_RUNS=${PEER_RUNS:-3}
export PEER_DURATION=${PEER_DURATION:-30} PEER_WARMUP=${PEER_WARMUP:-10} PEER_RATE=${PEER_RATE:-500}
export PEER_RATES=${PEER_RATES:-500 1000 1500 2000 3000} PEER_MAX_DURATION=${PEER_MAX_DURATION:-20}
export PEER_SCENARIOS=${PEER_SCENARIOS:-port-closed ttft-stall key-revoked error-event}
export PEER_COLD_DURATION=${PEER_COLD_DURATION:-20} PEER_FAILOVER_RUNS=${PEER_FAILOVER_RUNS:-1} RUN=${RUN:-1}
export PEER_FAULT_AT=${PEER_FAULT_AT:-10} PEER_FAULT_FOR=${PEER_FAULT_FOR:-30} PEER_FAULT_TAIL=${PEER_FAULT_TAIL:-20}
export PEER_KEEL_JVM=${PEER_KEEL_JVM:--Xmx1g -XX:+UseG1GC} PEER_SIM_JVM=${PEER_SIM_JVM:--Xmx1g -XX:+UseG1GC}
export PEER_MODES=${PEER_MODES:-whole stream} PEER_LATENCY_MS=${PEER_LATENCY_MS:-300} PEER_OVERRIDE=${PEER_OVERRIDE:-1}
export PEER_OUT=${PEER_OUT:-/tmp/keel-peer-$(date -u +%Y%m%dT%H%M%S)}
default_lock=; [ -x /work/bin/bench-lock ] && default_lock=/work/bin/bench-lock
export BENCH_LOCK=${BENCH_LOCK-$default_lock}
export PEER_KEEL_KEY=sk-keel-peer-bench
self="$here/run-portkey.sh"

. "$root/scripts/select-jdk.sh"
keel_select_jdk >/dev/null || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

# ---- one group of runs, with the machine to ourselves (called through BENCH_LOCK) ----------------

start_sims() {
  peer_start sims "$PEER_OUT/logs/sims.log" 'Running until Ctrl-C' \
    env KEEL_JAVA_OPTS="$PEER_SIM_JVM" "$root/keel" sim --instances 2 --port "$PEER_SIM_PORT" --admin-port "$PEER_SIM_ADMIN_PORT" \
    --ttft-median "${PEER_LATENCY_MS}ms" --ttft-p95 "${PEER_LATENCY_MS}ms" --token-median 0ms --token-p95 0ms
}

start_target() {
  case $1 in
    keel)
      peer_start keel-up "$PEER_OUT/logs/keel-up.log" 'Ctrl-C stops it' \
        env KEEL_JAVA_OPTS="$PEER_KEEL_JVM" "$root/keel" up --config "$here/keel-peer.yaml" --port "$PEER_BROKER_PORT"
      peer_start keel-gateway "$PEER_OUT/logs/keel-gateway.log" 'keel gateway: http' \
        env KEEL_JAVA_OPTS="$PEER_KEEL_JVM" "$root/keel" gateway --config "$here/keel-peer.yaml" --bootstrap-servers "127.0.0.1:$PEER_BROKER_PORT" ;;
    portkey)
      peer_start portkey "$PEER_OUT/logs/portkey.log" 'Ready for connections' \
        node "$PEER_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$PEER_PORTKEY_PORT" --headless ;;
    direct) ;;
    *) peer_die "unknown target $1 (keel, portkey, direct)" ;;
  esac
}

target_pids() {
  case $1 in
    keel) echo "${PEER_PIDS[keel-up]} ${PEER_PIDS[keel-gateway]}" ;;
    portkey) echo "${PEER_PIDS[portkey]}" ;;
    direct) echo "" ;;
  esac
}

# one_run GROUP TARGET MODE RATE DURATION RUN [SCENARIO]: a measured run, one line in results.tsv.
one_run() {
  local group=$1 target=$2 mode=$3 rate=$4 duration=$5 run=$6 scenario=${7:-none}
  local label="$group-$target-$mode-$rate-$scenario-$run" pids cpu0=() cpu1=() sim0 sim1 i
  read -r -a pids <<<"$(target_pids "$target")"
  for i in "${pids[@]}"; do cpu0+=("$(peer_cpu_seconds "$i")"); done
  sim0=$(peer_cpu_seconds "${PEER_PIDS[sims]}")
  local fault_pid=
  if [ "$scenario" != none ]; then
    # the generator's JVM starts in about a second, then sends PEER_WARMUP s of warm-up before the measured part
    (sleep $((1 + PEER_WARMUP + PEER_FAULT_AT)); peer_fault "$scenario" on; peer_log "fault $scenario on";
     sleep "$PEER_FAULT_FOR"; peer_fault "$scenario" off; peer_log "fault $scenario off") &
    fault_pid=$!
  fi
  peer_drive "$target" "$mode" "$rate" "$duration" "$PEER_OUT/runs/$label"
  [ -n "$fault_pid" ] && wait "$fault_pid"
  local cpu=0 rss=0
  for i in "${!pids[@]}"; do
    cpu1=$(peer_cpu_seconds "${pids[$i]}")
    cpu=$(awk -v a="$cpu" -v b="${cpu0[$i]}" -v c="$cpu1" 'BEGIN {printf "%.2f", a + c - b}')
    rss=$((rss + $(peer_rss_mb "${pids[$i]}")))
  done
  sim1=$(peer_cpu_seconds "${PEER_PIDS[sims]}")
  local simcpu; simcpu=$(awk -v a="$sim0" -v b="$sim1" 'BEGIN {printf "%.2f", b - a}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$target" "$mode" "$rate" "$scenario" "$run" \
    "$(peer_summary "$PEER_OUT/runs/$label")" "$cpu" "$rss" "$simcpu" "$(cut -d' ' -f1 /proc/loadavg)" "$label" \
    >>"$PEER_OUT/results.tsv"
  peer_log "$label: $(peer_summary "$PEER_OUT/runs/$label" | tr '\t' ' ') cpu ${cpu}s sim-cpu ${simcpu}s"
}

# cold_run TARGET RATE: the first run after a start, recorded as group "coldstart" and kept out of the
# steady, max and failover figures (a cold JVM at full rate is its own figure).
cold_run() { one_run coldstart "$1" whole "$2" "$PEER_COLD_DURATION" 1; }

group_steady() {
  local target=$1 run mode
  start_sims; start_target "$target"; cold_run "$target" "$PEER_RATE"
  for run in $(seq 1 "$PEER_RUNS"); do
    for mode in $PEER_MODES; do one_run steady "$target" "$mode" "$PEER_RATE" "$PEER_DURATION" "$run"; done
  done
}

# group_max TARGET MODE: rates in order until one is not sustained (see peer_sustained), each run once.
# Every run (steady, max, failover) starts with the generator's own PEER_WARMUP s at its rate, not counted.
group_max() {
  local target=$1 mode=$2 rate
  start_sims; start_target "$target"; cold_run "$target" "${PEER_RATES%% *}"
  for rate in $PEER_RATES; do
    one_run max "$target" "$mode" "$rate" "$PEER_MAX_DURATION" 1
    peer_sustained "$(tail -1 "$PEER_OUT/results.tsv")" || { peer_log "$target $mode: not sustained at $rate req/s"; break; }
  done
}

# group_failover TARGET MODE: fresh simulators and target, a cold run, then each scenario in turn, the
# fault PEER_FAULT_AT s into the measured part (recovery = POST /admin/reset; PEER_FAULT_TAIL s after it,
# plus the next run's warm-up, let a cooldown close again before the next scenario).
group_failover() {
  local target=$1 mode=$2 scenario
  start_sims; start_target "$target"; cold_run "$target" "$PEER_RATE"
  for scenario in $PEER_SCENARIOS; do
    one_run failover "$target" "$mode" "$PEER_RATE" $((PEER_FAULT_AT + PEER_FAULT_FOR + PEER_FAULT_TAIL)) "$RUN" "$scenario"
  done
}

if [ "${1:-}" = _group ]; then
  shift
  trap peer_stop_all EXIT
  for port in "$PEER_SIM_PORT" "$PEER_SIM_PORT2" "$PEER_SIM_ADMIN_PORT" "$PEER_KEEL_PORT" "$PEER_PORTKEY_PORT" "$PEER_BROKER_PORT"; do
    peer_port_free "$port" || peer_die "port $port is in use (set PEER_*_PORT)"
  done
  "group_$1" "${@:2}"
  exit 0
fi

# ---- preparation (no lock): jars, Portkey in a temporary folder, versions ---------------------------

groups=("$@"); [ ${#groups[@]} -eq 0 ] && groups=(steady max failover)
mkdir -p "$PEER_OUT/logs" "$PEER_OUT/runs"
build_lock=; [ -x /work/bin/build-lock ] && build_lock=/work/bin/build-lock
if [ "${PEER_BUILD:-1}" = 1 ]; then
  peer_log "building the cli and bench jars"
  if command -v mvn >/dev/null 2>&1; then mvn_cmd=(mvn); else mvn_cmd=("$root/mvnw"); fi
  (cd "$root" && $build_lock "${mvn_cmd[@]}" -q -B -DskipTests -pl cli,bench -am package >"$PEER_OUT/logs/build.log" 2>&1) \
    || { tail -30 "$PEER_OUT/logs/build.log" >&2; peer_die "build failed"; }
  touch "$root/cli/target/.keel-built"
fi

export PEER_DIR=${PEER_DIR:-$(mktemp -d /tmp/keel-peer-portkey.XXXXXX)}
case $PEER_DIR in "$root"/*) peer_die "PEER_DIR must be outside the repository" ;; esac
if ! grep -qs '"version": "1.15.2"' "$PEER_DIR/node_modules/@portkey-ai/gateway/package.json"; then
  peer_log "installing @portkey-ai/gateway 1.15.2 into $PEER_DIR (override: $PEER_OVERRIDE)"
  if [ "$PEER_OVERRIDE" = 1 ]; then cp "$here/package.json" "$PEER_DIR/package.json"
  else jq 'del(.overrides)' "$here/package.json" >"$PEER_DIR/package.json"; fi
  # --ignore-scripts: the package's only install script is patch-package, and the published package has no patches
  (cd "$PEER_DIR" && npm install --no-audit --no-fund --ignore-scripts >"$PEER_OUT/logs/npm.log" 2>&1) \
    || { tail -30 "$PEER_OUT/logs/npm.log" >&2; peer_die "npm install failed"; }
fi
{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ; Keel JVMs: $PEER_KEEL_JVM; simulators: $PEER_SIM_JVM"
  echo "node: $(node --version), npm $(npm --version)"
  echo "portkey: $(jq -r .version "$PEER_DIR/node_modules/@portkey-ai/gateway/package.json")," \
       "@hono/node-server $(jq -r .version "$PEER_DIR/node_modules/@hono/node-server/package.json")," \
       "hono $(jq -r .version "$PEER_DIR/node_modules/hono/package.json") (override: $PEER_OVERRIDE)"
  echo "keel: $(git -C "$root" rev-parse --short HEAD) ($(git -C "$root" rev-parse --abbrev-ref HEAD))"
  echo "simulators: fixed TTFT ${PEER_LATENCY_MS} ms, no token gaps, OpenAI wire format on both"
} | tee "$PEER_OUT/versions.txt" >&2
printf 'group\ttarget\tmode\trate\tscenario\trun\t%s\ttarget_cpu_s\ttarget_rss_mb\tsim_cpu_s\tload1\tlabel\n' \
  "$(peer_summary_header)" >>"$PEER_OUT/results.tsv"

locked() { if [ -n "$BENCH_LOCK" ]; then "$BENCH_LOCK" "$self" _group "$@"; else "$self" _group "$@"; fi; }
for group in "${groups[@]}"; do
  case $group in
    steady) for t in $PEER_TARGETS; do locked steady "$t"; done ;;
    max) for t in $PEER_TARGETS; do [ "$t" = direct ] && continue; for m in $PEER_MODES; do locked max "$t" "$m"; done; done ;;
    failover)
      for r in $(seq 1 "$PEER_FAILOVER_RUNS"); do for m in $PEER_MODES; do for t in $PEER_TARGETS; do
        [ "$t" = direct ] && continue; RUN=$r locked failover "$t" "$m"
      done; done; done ;;
    *) peer_die "unknown group $group (steady, max, failover)" ;;
  esac
done
"$here/summarize.sh" "$PEER_OUT/results.tsv" | tee "$PEER_OUT/summary.md"
peer_log "raw results in $PEER_OUT; Portkey stays installed in $PEER_DIR (delete it when done)"
