# bench/peer/lib.sh: process handling for run-portkey.sh (sourced, not run).
# Every process started here is remembered by pid and stopped by pid, never by name.

peer_log() { printf '[peer %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
peer_die() { peer_log "error: $*"; exit 1; }

# peer_port_free PORT: true when nothing listens on 127.0.0.1:PORT.
peer_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# peer_start NAME LOGFILE READY_REGEX CMD...: starts CMD in the background, waits (60 s) until its
# output matches READY_REGEX, records its pid in PEER_PIDS[NAME].
declare -A PEER_PIDS=()
peer_start() {
  local name=$1 log=$2 ready=$3; shift 3
  "$@" >"$log" 2>&1 &
  local pid=$!
  PEER_PIDS[$name]=$pid
  local waited=0
  until grep -Eq "$ready" "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; peer_die "$name exited before it was ready (log $log)"; }
    [ $waited -ge 600 ] && { tail -20 "$log" >&2; peer_die "$name not ready after 60 s (log $log)"; }
    sleep 0.1; waited=$((waited + 1))
  done
  peer_log "$name up (pid $pid)"
}

# peer_stop NAME: SIGTERM, then SIGKILL after 20 s.
peer_stop() {
  local name=$1 pid=${PEER_PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 200 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  fi
  unset "PEER_PIDS[$name]"
}

peer_stop_all() { local n; for n in "${!PEER_PIDS[@]}"; do peer_stop "$n"; done; }

# peer_cpu_seconds PID: user+system CPU seconds the process has used so far (0 when gone).
peer_cpu_seconds() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  # fields after "(comm) ": state is 1st, utime the 12th, stime the 13th
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}' <<<"$stat"
}

# peer_rss_mb PID: resident set size in MB.
peer_rss_mb() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }

# peer_admin SIM_INDEX METHOD PATH [BODY]: one call to a simulator's admin API (0: primary, 1: secondary).
peer_admin() {
  local port=$((PEER_SIM_ADMIN_PORT + $1))
  curl -sf -X "$2" "http://127.0.0.1:$port/admin$3" ${4:+-d "$4"} >/dev/null \
    || peer_die "admin call $2 $3 on 127.0.0.1:$port failed"
}

# peer_fault SCENARIO on|off: applies or clears one failover scenario on the primary simulator.
peer_fault() {
  local scenario=$1 state=$2
  if [ "$state" = off ]; then peer_admin 0 POST /reset; return; fi
  case $scenario in
    port-closed) peer_admin 0 POST /outage '{"down":true}' ;;
    ttft-stall) peer_admin 0 POST /faults '{"ttft_stall_rate":1,"ttft_stall_ms":30000}' ;;
    key-revoked) peer_admin 0 POST /keys/revoke ;;
    error-event) peer_admin 0 POST /faults '{"error_event_rate":1,"error_event_type":"overloaded_error"}' ;;
    *) peer_die "unknown scenario $scenario (port-closed, ttft-stall, key-revoked, error-event)" ;;
  esac
}
