#!/usr/bin/env bash
# Builds the libFuzzer target for the frame decoder and runs it for a bounded time.
#
#   Tools/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 60 s)
#
# Build and working files go under .build-fuzz/ (binary, growing corpus, crash artifacts); the
# seed corpus (valid requests and replies, each malformed class) is written by make_seeds.py into
# .build-fuzz/seeds. A crash leaves `crash-*` in .build-fuzz/artifacts/ and a non-zero exit; keep
# the input as a regression test in `fuzzFindings` (Tests/HardeningTests/DecoderOracleTests.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-60}
shift || true
OUT=.build-fuzz
mkdir -p "$OUT/corpus" "$OUT/artifacts" "$OUT/seeds"

BIN="$OUT/fuzz-decoder"
SOURCES=(Sources/FrameCore/*.swift Tools/fuzz/FuzzDecoder.swift)
if [[ ! -x "$BIN" || -n "$(find "${SOURCES[@]}" -newer "$BIN" 2>/dev/null)" ]]; then
    echo "building $BIN" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
        -module-name FuzzFrameCore "${SOURCES[@]}" -o "$BIN" 2> >(grep -v "Cannot export local symbol" >&2)
fi

python3 Tools/fuzz/make_seeds.py "$OUT/seeds"

# -rss_limit_mb: the decoder must never buffer much; -timeout: one input must never take 10 s.
"$BIN" "$OUT/corpus" "$OUT/seeds" \
    -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=70000 \
    -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 "$@"
