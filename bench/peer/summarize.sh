#!/usr/bin/env bash
# bench/peer/summarize.sh RESULTS.TSV [LATENCY_MS]: Markdown tables from run-portkey.sh's raw results:
# each figure the median of the runs with (min–max), target CPU % over the run and its warm-up, added latency = end-to-end minus the simulator's
# fixed latency, and the ratios Keel / Portkey.
set -euo pipefail
tsv=$1 latency=${2:-${PEER_LATENCY_MS:-300}}
jq -R -s -r --argjson lat "$latency" --argjson warm "${PEER_WARMUP:-10}" '
  def num: if test("^-?[0-9.]+$") then tonumber else . end;
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
              else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r1: if . == null then "–" elif . >= 100 then (. | round | tostring) else ((. * 10 | round) / 10 | tostring) end;
  def fig(f): [.[] | f] as $v | ($v | median | r1) + (if ($v | length) > 1 then " (" + ($v | min | r1) + "–" + ($v | max | r1) + ")" else "" end);
  def ratio(a; b): if a == null or b == null or b == 0 then "–" else ((a / b * 100 | round) / 100 | tostring) end;
  (split("\n") | map(select(length > 0) | split("\t"))) as $rows
  | ($rows[0]) as $h
  | [$rows[1:][] | [$h, map(num)] | transpose | map({(.[0]): .[1]}) | add] as $all
  | def table(g): [$all[] | select(.group == g)] | group_by([.scenario, .mode, .rate, .target]);
  def line: "| \(.[0].target) | \(.[0].mode) | \(.[0].rate) | \(.[0].scenario) | \(length) | \(fig(.achieved_rps)) | \(fig(.failed)) | \(fig(.p50_ms)) | \(fig(.p99_ms)) | \(fig(.max_ms)) | \(fig(.p50_ms - $lat)) | \(fig(.p99_ms - $lat)) | \(fig(.target_cpu_s / (.duration_s + $warm) * 100)) |";
  def header: "| target | mode | req/s | fault | runs | achieved req/s | failed | p50 ms | p99 ms | max ms | added p50 ms | added p99 ms | target CPU % |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  (["## steady", header] + (table("steady") | map(line))),
  (["", "## Keel / Portkey (medians; steady)", "| mode | req/s | achieved | failed | added p50 | added p99 | target CPU |", "|---|---|---|---|---|---|---|"]
    + ([$all[] | select(.group == "steady" and (.target == "keel" or .target == "portkey"))] | group_by([.mode, .rate])
       | map((map(select(.target == "keel"))) as $k | (map(select(.target == "portkey"))) as $p
         | def m(f): [.[] | f] | median;
           "| \(.[0].mode) | \(.[0].rate) | \(ratio($k | m(.achieved_rps); $p | m(.achieved_rps))) | \($k | m(.failed)) / \($p | m(.failed)) | \(ratio($k | m(.p50_ms - $lat); $p | m(.p50_ms - $lat))) | \(ratio($k | m(.p99_ms - $lat); $p | m(.p99_ms - $lat))) | \(ratio($k | m(.target_cpu_s); $p | m(.target_cpu_s))) |"))),
  (["", "## max rate (one run per rate, in order until not sustained)", header] + (table("max") | map(line))),
  (["", "## first run after a start (cold JVMs / a fresh Node process, its own warm-up included)", header] + (table("coldstart") | map(line))),
  (["", "## failover (fault on the primary from \(env.PEER_FAULT_AT // "10") s for \(env.PEER_FAULT_FOR // "30") s)",
    "| target | mode | req/s | fault | runs | achieved req/s | failed | p50 ms | p95 ms | p99 ms | max ms | failures |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    + (table("failover") | map("| \(.[0].target) | \(.[0].mode) | \(.[0].rate) | \(.[0].scenario) | \(length) | \(fig(.achieved_rps)) | \(fig(.failed)) | \(fig(.p50_ms)) | \(fig(.p95_ms)) | \(fig(.p99_ms)) | \(fig(.max_ms)) | \(map(.failures | tostring) | join(" / ")) |")))
  | .[]' "$tsv"
