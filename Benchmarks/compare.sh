#!/usr/bin/env bash
# Side-by-side benchmark of `socketlab server` against the C epoll floor and the tutorial-style
# Python server, in one run, on 127.0.0.1 only. Prints a ratio table (ours/floor, ours/python).
#
#   Benchmarks/compare.sh [--duration S] [--warmup S] [--rounds N] [--threads T]
#                         [--big-mib M] [--python-big-mib M] [--idle N] [--skip-build]
#                         [--only-128] [--bin PATH]
#
# Defaults (about 4 minutes): 3 rounds × 5 s per server at 128 and at 1,000 clients (medians; the
# servers take turns so load from other processes hits all of them alike), a 64 MiB binary request
# (--rounds times each, taking turns; the Python server gets --python-big-mib, default 4 MiB,
# because its receive buffer is quadratic), and the RSS of 10,000 idle connections, measured
# first on the fresh servers. `--only-128` runs the 128-client scenario alone (about a minute:
# the short run for a shared machine); `--bin` takes an already built socketlab.
# Server CPU per request: utime+stime of the server process (/proc/PID/stat) over each run,
# divided by the requests it answered, and its two parts (user: the server's own code; kernel:
# the syscalls, the same for every server).
# Results: Benchmarks/out/ (not in git).
set -euo pipefail

DURATION=5 WARMUP=1 ROUNDS=3 THREADS=2 BIG_MIB=64 PY_BIG_MIB=4 IDLE=10000 BUILD=1 ONLY128=0 BIN=
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --big-mib) BIG_MIB=$2; shift 2 ;;
        --python-big-mib) PY_BIG_MIB=$2; shift 2 ;;
        --idle) IDLE=$2; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        --only-128) ONLY128=1; shift ;;
        --bin) BIN=$2; BUILD=0; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/Benchmarks/out
BIN=${BIN:-$ROOT/.build-release/release/socketlab}
FLOOR=$ROOT/Benchmarks/floor/floor_server
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.tsv

if [ "$BUILD" = 1 ]; then
    echo "building socketlab (release) ..." >&2
    (cd "$ROOT" && swift build -c release --scratch-path .build-release --product socketlab >"$OUT/build.log" 2>&1) \
        || { tail -20 "$OUT/build.log" >&2; exit 1; }
fi
[ -x "$FLOOR" ] || sh "$ROOT/Benchmarks/floor/build.sh" >/dev/null
[ -x "$BIN" ] && [ -x "$FLOOR" ] || { echo "missing $BIN or $FLOOR (run without --skip-build)" >&2; exit 1; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# start NAME COMMAND...: runs a server on port 0, waits for its `listening on` line.
declare -A PORT PID
start() {
    local name=$1; shift
    "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" &
    local pid=$!
    PIDS+=("$pid")
    PID[$name]=$pid
    for _ in $(seq 100); do
        # Until the whole line is there (a check between two writes of it would find no port).
        PORT[$name]=$(sed -n "s/^listening on ('127.0.0.1', \([0-9]*\)).*/\1/p" "$OUT/$name.stdout" 2>/dev/null | head -1)
        [ -n "${PORT[$name]}" ] && return
        sleep 0.1
    done
    echo "$name did not start: $(cat "$OUT/$name.stderr")" >&2
    exit 1
}

start ours "$BIN" server --quiet --max-content-length $((BIG_MIB * 2 * 1048576)) 127.0.0.1 0
start floor "$FLOOR" 0
start python env -C "$ROOT/Tools/python" python3 app_server.py 127.0.0.1 0
SERVERS=(ours floor python)
echo "servers: ours :${PORT[ours]}  floor :${PORT[floor]}  python :${PORT[python]}" >&2

# cpu_ticks PID: "USER SYSTEM" clock ticks of a process so far (utime, stime of /proc/PID/stat).
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

# bench SCENARIO SERVER ROUND ARGS...: one bench run, its JSON plus the server's CPU ticks.
bench() {
    local scenario=$1 server=$2 round=$3; shift 3
    local pid=${PID[$server]} user0 sys0 user1 sys1
    read -r user0 sys0 < <(cpu_ticks "$pid")
    timeout 600 "$BIN" bench 127.0.0.1 "${PORT[$server]}" --no-progress --json "$@" \
        >"$OUT/$scenario.$server.$round.json" 2>>"$OUT/bench.stderr" || true
    read -r user1 sys1 < <(cpu_ticks "$pid")
    printf '%s\t%s\t%s\t%s\t%s\n' "$scenario" "$server" "$round" "$((user1 - user0))" "$((sys1 - sys0))" >>"$OUT/cpu.tsv"
}

# Idle connections first, while each server is fresh: RSS growth on top of the idle server.
[ "$ONLY128" = 1 ] || echo "idle connections: $IDLE per server ..." >&2
for server in "${SERVERS[@]}"; do
    [ "$ONLY128" = 1 ] && break
    pid=${PID[$server]}
    sleep 1
    before=$(rss_kib "$pid")
    coproc IDLE_CLIENTS { python3 "$ROOT/Benchmarks/idle_clients.py" 127.0.0.1 "${PORT[$server]}" "$IDLE" --timeout 60; }
    read -r line <&"${IDLE_CLIENTS[0]}" || line="failed"
    sleep 2
    after=$(rss_kib "$pid")
    printf '%s\t%s\t%s\t%s\n' "$server" "$before" "$after" "$line" >>"$OUT/idle.tsv"
    kill "$IDLE_CLIENTS_PID" 2>/dev/null || true
    wait "$IDLE_CLIENTS_PID" 2>/dev/null || true
done

CLIENT_COUNTS=(128 1000)
[ "$ONLY128" = 1 ] && CLIENT_COUNTS=(128)
for clients in "${CLIENT_COUNTS[@]}"; do
    echo "$clients clients: $ROUNDS rounds x ${DURATION} s per server ..." >&2
    for round in $(seq "$ROUNDS"); do
        # Rotate the order so no server always runs first (or right after another).
        order=("${SERVERS[@]:$(( (round - 1) % 3 ))}" "${SERVERS[@]:0:$(( (round - 1) % 3 ))}")
        for server in "${order[@]}"; do
            bench "c$clients" "$server" "$round" --connections "$clients" --threads "$THREADS" \
                --duration "$DURATION" --warmup "$WARMUP"
        done
    done
done

[ "$ONLY128" = 1 ] || echo "binary requests: $BIG_MIB MiB (python: $PY_BIG_MIB MiB) ..." >&2
for round in $(seq "$ROUNDS"); do
    [ "$ONLY128" = 1 ] && break
    for server in ours floor; do
        bench big "$server" "$round" --size $((BIG_MIB * 1048576)) --connections 1 --threads 1 --warmup 0 \
            --requests 1 --duration 300 --timeout 120
    done
done
[ "$ONLY128" = 1 ] || bench big python 1 --size $((PY_BIG_MIB * 1048576)) --connections 1 --threads 1 --warmup 0 \
    --requests 1 --duration 300 --timeout 240

python3 - "$OUT" "$IDLE" "$BIG_MIB" "$PY_BIG_MIB" <<'PY'
import glob, json, os, statistics, sys
out, idle, big, pybig = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
tick = 1e6 / os.sysconf("SC_CLK_TCK")
cpu = {}
for line in open(os.path.join(out, "cpu.tsv")):
    scenario, server, rnd, user, system = line.split()
    cpu[(scenario, server, rnd)] = (int(user), int(system))

def runs(scenario, server):
    result = []
    for path in sorted(glob.glob(os.path.join(out, f"{scenario}.{server}.*.json"))):
        rnd = path.rsplit(".", 2)[1]
        try:
            d = json.load(open(path))
        except Exception:
            continue
        user, system = cpu.get((scenario, server, rnd), (0, 0))
        d["user_us"] = user * tick / max(1, d["completed"])
        d["sys_us"] = system * tick / max(1, d["completed"])
        d["cpu_us"] = d["user_us"] + d["sys_us"]
        result.append(d)
    return result

def med(values):
    return statistics.median(values) if values else float("nan")

rows = []
def add(label, metric, values, better):
    rows.append((label, metric, values, better))

for clients in (128, 1000):
    s = f"c{clients}"
    data = {srv: runs(s, srv) for srv in ("ours", "floor", "python")}
    if not any(data.values()):
        continue
    add(f"{clients} clients, search", "req/s (median)", {k: med([d["requests_per_second"] for d in v]) for k, v in data.items()}, "high")
    add("", "p99 ms (median)", {k: med([d["latency_ms"]["p99"] for d in v]) for k, v in data.items()}, "low")
    add("", "max ms (worst)", {k: max([d["latency_ms"]["max"] for d in v], default=float("nan")) for k, v in data.items()}, "low")
    add("", "errors (total)", {k: sum(d["total_errors"] for d in v) for k, v in data.items()}, "low")
    add("", "server CPU us/req", {k: med([d["cpu_us"] for d in v]) for k, v in data.items()}, "low")
    # The two parts: the kernel's (the same syscalls for every server) and the server's own code.
    add("", "  user us/req", {k: med([d["user_us"] for d in v]) for k, v in data.items()}, "low")
    add("", "  kernel us/req", {k: med([d["sys_us"] for d in v]) for k, v in data.items()}, "low")
data = {srv: runs("big", srv) for srv in ("ours", "floor", "python")}
if any(data.values()):
  add(f"binary {big} MiB (python {pybig} MiB)", "MB/s (median)", {k: med([d["megabytes_per_second"] for d in v if d["completed"]]) for k, v in data.items()}, "high")
  add("", "seconds per request", {k: med([d["latency_ms"]["p50"] / 1000 for d in v if d["completed"]]) for k, v in data.items()}, "low")
idle_path = os.path.join(out, "idle.tsv")
idle_rows = {}
for line in open(idle_path) if os.path.exists(idle_path) else []:
    server, before, after, *status = line.rstrip("\n").split("\t")
    idle_rows[server] = (int(after) - int(before)) / idle if before and after else float("nan")
if idle_rows:
    add(f"{idle} idle connections", "RSS KiB per conn", idle_rows, "low")

def fmt(x):
    if x != x: return "-"
    if abs(x) >= 100: return f"{x:,.0f}"
    return f"{x:.2f}"

def ratio(a, b):
    if a != a or b != b or b == 0: return "-"
    return f"{a / b:.2f}"

header = f"{'scenario':<32} {'metric':<20} {'ours':>10} {'floor':>10} {'python':>10} {'ours/floor':>11} {'ours/python':>12}"
print(header)
print("-" * len(header))
for label, metric, v, _ in rows:
    print(f"{label:<32} {metric:<20} {fmt(v.get('ours', float('nan'))):>10} {fmt(v.get('floor', float('nan'))):>10} "
          f"{fmt(v.get('python', float('nan'))):>10} {ratio(v.get('ours', float('nan')), v.get('floor', float('nan'))):>11} "
          f"{ratio(v.get('ours', float('nan')), v.get('python', float('nan'))):>12}")
if os.path.exists(idle_path):
    print()
    print("idle:", "; ".join(f"{l.split(chr(9))[0]} {l.split(chr(9))[3].strip()}" for l in open(idle_path)))
PY
