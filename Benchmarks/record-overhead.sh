#!/usr/bin/env bash
# What `--record x.pcap` costs the server: `socketlab server` with and without recording, under the
# same closed-loop load (128 clients by default), taking turns; prints req/s of each (medians)
# and the ratio recording/plain (the target is at least 0.8).
#
#   Benchmarks/record-overhead.sh [--duration S] [--rounds N] [--clients C] [--format pcap|jsonl] [--skip-build]
#
# Uses the release binary compare.sh builds (.build-release). Results: Benchmarks/out/record-*.json.
set -euo pipefail

DURATION=5 ROUNDS=3 CLIENTS=128 FORMAT=pcap BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --clients) CLIENTS=$2; shift 2 ;;
        --format) FORMAT=$2; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/Benchmarks/out
BIN=${SOCKETLAB_BIN:-$ROOT/.build-release/release/socketlab}
mkdir -p "$OUT"
rm -f "$OUT"/record-*.json

if [ "$BUILD" = 1 ]; then
    echo "building socketlab (release) ..." >&2
    (cd "$ROOT" && swift build -c release --scratch-path .build-release --product socketlab >"$OUT/build.log" 2>&1) \
        || { tail -20 "$OUT/build.log" >&2; exit 1; }
fi
[ -x "$BIN" ] || { echo "missing $BIN (run without --skip-build)" >&2; exit 1; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -f "$OUT/record-overhead.$FORMAT"
}
trap cleanup EXIT INT TERM

declare -A PORT PID
start() {
    local name=$1; shift
    "$@" >"$OUT/record-$name.stdout" 2>"$OUT/record-$name.stderr" &
    PIDS+=("$!")
    PID[$name]=$!
    for _ in $(seq 100); do
        if grep -q "listening on" "$OUT/record-$name.stdout" 2>/dev/null; then
            PORT[$name]=$(sed -n "s/^listening on ('127.0.0.1', \([0-9]*\)).*/\1/p" "$OUT/record-$name.stdout" | head -1)
            return
        fi
        sleep 0.1
    done
    echo "$name did not start: $(cat "$OUT/record-$name.stderr")" >&2
    exit 1
}

# A limit far above what a run writes, so the recording runs for the whole measurement.
start plain "$BIN" server --quiet 127.0.0.1 0
start recording "$BIN" server --quiet --record "$OUT/record-overhead.$FORMAT" --record-limit $((64 * 1024 * 1024 * 1024)) 127.0.0.1 0

for round in $(seq "$ROUNDS"); do
    order=(plain recording)
    [ $((round % 2)) = 0 ] && order=(recording plain)
    for server in "${order[@]}"; do
        # Server CPU (all its threads, the recorder's writer included) around the run: CPU per
        # request is the figure a busy machine does not distort.
        before=$(awk '{print $14 + $15}' "/proc/${PID[$server]}/stat")
        "$BIN" bench 127.0.0.1 "${PORT[$server]}" --no-progress --json --connections "$CLIENTS" \
            --duration "$DURATION" --warmup 1 >"$OUT/record-$server.$round.json"
        after=$(awk '{print $14 + $15}' "/proc/${PID[$server]}/stat")
        echo $((after - before)) >"$OUT/record-$server.$round.ticks"
    done
done

python3 - "$OUT" "$ROUNDS" "$CLIENTS" "$FORMAT" <<'PY'
import json, statistics, sys
out, rounds, clients, fmt = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
import os
hz = os.sysconf("SC_CLK_TCK")
def figures(name):
    rates, cpu = [], []
    for r in range(1, rounds + 1):
        with open(f"{out}/record-{name}.{r}.json") as f:
            report = json.load(f)
        rates.append(report["requests_per_second"])
        with open(f"{out}/record-{name}.{r}.ticks") as f:
            ticks = int(f.read())
        # The warmup second is in the ticks but not in `completed`: count it at the measured rate.
        requests = report["completed"] + report["requests_per_second"]
        cpu.append(ticks / hz * 1e6 / max(requests, 1))
    return statistics.median(rates), statistics.median(cpu)
(plain, plain_cpu), (recording, recording_cpu) = figures("plain"), figures("recording")
print(f"{clients} clients, req/s (median of {rounds}): plain {plain:,.0f}  --record x.{fmt} {recording:,.0f}  ratio {recording / plain:.2f}")
print(f"server CPU per request: plain {plain_cpu:.1f} µs  --record x.{fmt} {recording_cpu:.1f} µs  "
      f"ratio plain/recording {plain_cpu / recording_cpu:.2f} (the throughput ratio a CPU-bound quiet machine would show)")
PY
