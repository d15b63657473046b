# bench/peer/drive.sh: one open-loop load run against a target, through bench's load generator
# (dev.keel.bench.load, `bench/run load --target http`), and the figures of that run (sourced).

# peer_target_args TARGET: the generator's flags that point it at TARGET's OpenAI-compatible base URL.
peer_target_args() {
  case $1 in
    keel) printf '%s\n' --url "http://127.0.0.1:$PEER_KEEL_PORT/v1" --api-key "$PEER_KEEL_KEY" --model keel ;;
    portkey)
      # Portkey takes its routing config per request, in the x-portkey-config header (JSON)
      local config
      config=$(jq -c --arg p "http://127.0.0.1:$PEER_SIM_PORT/v1" --arg s "http://127.0.0.1:$PEER_SIM_PORT2/v1" \
        '.targets[0].custom_host = $p | .targets[1].custom_host = $s' "$here/portkey-config.json")
      printf '%s\n' --url "http://127.0.0.1:$PEER_PORTKEY_PORT/v1" --api-key unused --model gpt-sim \
        --header "x-portkey-config: $config" ;;
    direct) printf '%s\n' --url "http://127.0.0.1:$PEER_SIM_PORT/v1" --api-key sk-peer-primary --model gpt-sim ;;
  esac
}

# peer_drive TARGET MODE RATE SECONDS OUT: one run of `bench/run load --url` (the generator's own
# PEER_WARMUP seconds of warm-up at the same pace first, not counted); its report lands in OUT.log.
peer_drive() {
  local target=$1 mode=$2 rate=$3 seconds=$4 out=$5 args
  mapfile -t args < <(peer_target_args "$target")
  local stream=(); [ "$mode" = stream ] && stream=(--stream)
  "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED \
    -cp "$root/bench/target/keel-bench.jar:$root/bench/target/lib/*" dev.keel.bench.Main \
    load --target http "${args[@]}" "${stream[@]}" --rate "$rate" --duration "${seconds}s" --warm-up "${PEER_WARMUP}s" \
    --provider-latency "${PEER_LATENCY_MS}ms" --repeat-share 0 >"$out.log" 2>&1 \
    || { tail -20 "$out.log" >&2; peer_die "load run $out failed"; }
}

peer_summary_header() { printf 'duration_s\tachieved_rps\tsent\tfailed\tp50_ms\tp95_ms\tp99_ms\tmax_ms\tfailures'; }

# peer_summary OUT: the run's figures from the generator's report, tab-separated in peer_summary_header's order.
peer_summary() {
  awk '
    /^target: / { if (match($0, /for [0-9]+s/)) d = substr($0, RSTART + 4, RLENGTH - 5) }
    /^achieved: / { a = $2; s = $5; sub(",", "", s); f = $9; r = $0; sub(/^.*failed [0-9]+ /, "", r); sub(/, cache hits.*$/, "", r)
                    gsub(/ /, "", r); if (r == "") r = "-" }
    /^latency \(from scheduled send\)/ { n = split($0, w, " "); for (i = 1; i <= n; i++) { if (w[i] == "p50") p50 = w[i+1];
                    if (w[i] == "p95") p95 = w[i+1]; if (w[i] == "p99") p99 = w[i+1]; if (w[i] == "max") mx = w[i+1] } }
    END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", d, a, s, f, p50, p95, p99, mx, r }' "$1.log"
}

# peer_sustained RESULTS_LINE: the run kept up: achieved >= 97% of the rate, failures <= 0.1%, p99 <= 2.5 s.
peer_sustained() {
  awk -F'\t' 'NR == 1 {exit !($8 >= 0.97 * $4 && $10 <= 0.001 * $9 && $13 <= 2500)}' <<<"$1"
}
