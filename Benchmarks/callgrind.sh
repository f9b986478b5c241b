#!/usr/bin/env bash
# Instructions per request of the release server, counted by callgrind (repeatable on a noisy,
# shared machine where req/s moves by ±30 %).
#
#   Benchmarks/callgrind.sh [--requests N] [--bin PATH] [--floor]
#
# Runs `socketlab server --quiet` under `valgrind --tool=callgrind` twice, answering N and then
# 2N `search morpheus` requests (8 connections), and prints (Ir(2N) - Ir(N)) / N: the start-up and
# shutdown cost cancels out. Also prints the share of `swift_beginAccess` (dynamic exclusivity
# checks) in the larger run. `--floor` counts the C floor server (Benchmarks/floor) the same way:
# the target in instructions. Needs valgrind; the output files land in Benchmarks/out/.
set -euo pipefail

REQUESTS=3000
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/.build-release/release/socketlab
FLOOR=0
while [ $# -gt 0 ]; do
    case "$1" in
        --requests) REQUESTS=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        --floor) FLOOR=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
[ -x "$BIN" ] || { echo "missing $BIN (swift build -c release --scratch-path .build-release --product socketlab)" >&2; exit 1; }
OUT=$ROOT/Benchmarks/out
mkdir -p "$OUT"
# valgrind 3.19 gives up on the DWARF 5 debug info Swift 6.3 writes ("unhandled dwarf2 abbrev form
# code 0x1b"); a copy without debug sections keeps the symbol table, which is all the per-function
# counts need, and the same machine code.
objcopy --strip-debug "$BIN" "$OUT/socketlab.nodebug"
BIN=$OUT/socketlab.nodebug
SERVER_CMD=("$BIN" server --quiet 127.0.0.1 0)
if [ "$FLOOR" = 1 ]; then
    [ -x "$ROOT/Benchmarks/floor/floor_server" ] || sh "$ROOT/Benchmarks/floor/build.sh" >/dev/null
    SERVER_CMD=("$ROOT/Benchmarks/floor/floor_server" 0)
fi

SERVER=
cleanup() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi; }
trap cleanup EXIT INT TERM

# total_ir N: instructions of a server run that answered N requests.
total_ir() {
    local n=$1 file=$OUT/callgrind.$1.out
    rm -f "$file" "$OUT/callgrind.stdout"
    valgrind --tool=callgrind --callgrind-out-file="$file" "${SERVER_CMD[@]}" \
        >"$OUT/callgrind.stdout" 2>"$OUT/callgrind.$n.stderr" &
    SERVER=$!
    local port=
    for _ in $(seq 300); do
        port=$(sed -n "s/^listening on ('127.0.0.1', \([0-9]*\)).*/\1/p" "$OUT/callgrind.stdout" 2>/dev/null | head -1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "the server did not start under valgrind" >&2; exit 1; }
    "$BIN" bench 127.0.0.1 "$port" --connections 8 --threads 1 --warmup 0 --requests "$n" --duration 300 \
        --no-progress --json >"$OUT/callgrind.$n.json"
    kill -TERM "$SERVER"
    wait "$SERVER" || true
    SERVER=
    grep -q '"total_errors": 0' "$OUT/callgrind.$n.json" || { echo "errors in the run: $(cat "$OUT/callgrind.$n.json")" >&2; exit 1; }
    callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}'
}

small=$(total_ir "$REQUESTS")
large=$(total_ir $((REQUESTS * 2)))
echo "Ir per request: $(( (large - small) / REQUESTS ))  (Ir $small for $REQUESTS requests, $large for $((REQUESTS * 2)))"
access=$(callgrind_annotate --inclusive=no "$OUT/callgrind.$((REQUESTS * 2)).out" 2>/dev/null \
    | awk '/swift_(begin|end)Access/ {gsub(",", "", $1); sum += $1} END {print sum + 0}')
echo "swift_beginAccess/endAccess Ir per request (self): $(( access / (REQUESTS * 2) ))"
