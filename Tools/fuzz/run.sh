#!/usr/bin/env bash
# Builds a libFuzzer target and runs it for a bounded time: the frame decoder (default) or the
# capture readers (pcap, pcapng, JSON Lines, TCP reassembly).
#
#   Tools/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 60 s)
#   FUZZ_TARGET=capture Tools/fuzz/run.sh [SECONDS] ...
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

TARGET=${FUZZ_TARGET:-decoder}
case "$TARGET" in
    decoder) SOURCES=(Sources/FrameCore/*.swift Tools/fuzz/FuzzDecoder.swift) MODULE=FuzzFrameCore ;;
    # Named FrameCore so Capture's `import FrameCore` names the module being built (a warning, not an error).
    capture) SOURCES=(Sources/FrameCore/*.swift Sources/Capture/*.swift Tools/fuzz/FuzzCapture.swift) MODULE=FrameCore ;;
    *) echo "FUZZ_TARGET must be decoder or capture" >&2; exit 2 ;;
esac
BIN="$OUT/fuzz-$TARGET"
if [[ ! -x "$BIN" || -n "$(find "${SOURCES[@]}" -newer "$BIN" 2>/dev/null)" ]]; then
    echo "building $BIN" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
        -module-name "$MODULE" "${SOURCES[@]}" -o "$BIN" 2> >(grep -v -e "Cannot export local symbol" -e "ignoring import" >&2)
fi

if [[ "$TARGET" == decoder ]]; then
    CORPUS="$OUT/corpus" SEEDS="$OUT/seeds"
    python3 Tools/fuzz/make_seeds.py "$SEEDS"
else
    # Seeds: the capture files the tests read (ours and ones made by dumpcap and tcpdump).
    CORPUS="$OUT/corpus-capture" SEEDS="$OUT/seeds-capture"
    mkdir -p "$CORPUS" "$SEEDS"
    cp Tests/CaptureTests/Captures/* "$SEEDS"/
fi

# -rss_limit_mb: a reader must never buffer much; -timeout: one input must never take 10 s.
"$BIN" "$CORPUS" "$SEEDS" \
    -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=70000 \
    -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 "$@"
