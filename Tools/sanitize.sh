#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer.
#
#   Tools/sanitize.sh [address|thread|both] [extra `swift test` arguments...]   (default: both)
#
# Each sanitizer builds into its own scratch path (.build-asan, .build-tsan). The tmux/TUI and
# CLI end-to-end tests (EndToEndTests) drive the socketlab binary in subprocesses, are slow under
# the sanitizers and test nothing in-process, so they are skipped; everything else runs.
# Set SANITIZE_FILTER to a --filter regex to run a subset; logs go to .build-{asan,tsan}/sanitize.log.
set -uo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
shift || true

SKIP='EndToEndTests\.'
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

run() {
    local sanitizer=$1 scratch=$2
    shift 2
    mkdir -p "$scratch"
    local log="$scratch/sanitize.log"
    local filter=()
    if [[ -n "${SANITIZE_FILTER:-}" ]]; then filter=(--filter "$SANITIZE_FILTER"); fi
    echo "== swift test --sanitize=$sanitizer --scratch-path $scratch (log: $log)"
    swift test --sanitize="$sanitizer" --scratch-path "$scratch" --skip "$SKIP" "${filter[@]}" "$@" >"$log" 2>&1
    local status=$?
    grep -E "^(✔|✘|􁁛|􀢄).*(Test run|tests? in)|ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY: |Executed [0-9]+ tests" "$log" | tail -20
    if grep -qE "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" "$log"; then
        echo "!! $sanitizer: sanitizer findings in $log"
        status=1
    fi
    echo "== $sanitizer: exit $status"
    return $status
}

overall=0
if [[ $which == address || $which == both ]]; then run address .build-asan "$@" || overall=1; fi
if [[ $which == thread || $which == both ]]; then run thread .build-tsan "$@" || overall=1; fi
exit $overall
