#!/usr/bin/env bash
# Regenerates screenshots/*.png from real runs of socketlab in tmux: the README's pictures.
# Usage: Tools/screenshots/make-screenshots.sh [SOCKETLAB_BINARY]
# Installs its tools when missing (aha, chromium, fonts: Tools/screenshots/install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
here="$root/Tools/screenshots"
bin=${1:-}
if [ -z "$bin" ]; then
  swift build >/dev/null
  bin="$root/.build/debug/socketlab"
fi
command -v aha >/dev/null && command -v chromium >/dev/null || "$here/install-deps.sh"
out="$root/screenshots"
mkdir -p "$out"
work=$(mktemp -d)
session="socketlab-shot-$$"
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Polls the pane until TEXT is on it (deadline 20 s): never a fixed long sleep.
wait_for() {
  local text=$1 deadline=$((SECONDS + 20))
  until tmux capture-pane -p -t "$session" | grep -qF -- "$text"; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for: $text" >&2; tmux capture-pane -p -t "$session" >&2; exit 1; fi
    sleep 0.05
  done
}
start() {  # COLS ROWS
  tmux kill-session -t "$session" 2>/dev/null || true
  tmux new-session -d -s "$session" -x "$1" -y "$2" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 "$bin"
  tmux set-option -t "$session" status off >/dev/null
  wait_for "app>"
}
type_line() { tmux send-keys -t "$session" -l "$1"; tmux send-keys -t "$session" Enter; }
shoot() {  # NAME COLS ROWS
  tmux capture-pane -p -e -N -t "$session" > "$work/$1.ansi"
  "$here/ansi2png.sh" "$work/$1.ansi" "$out/$1.png" "$2" "$3" >/dev/null
  echo "screenshots/$1.png"
}

# 1. A search and both messages' bytes, decoded.
start 120 40
type_line "search morpheus"
wait_for "Got result: Follow the white rabbit"
shoot search 120 40

# 2. A fragmented send caught mid-way: the decoder waits inside the JSON header.
start 120 40
type_line ":chunk 1 150"
type_line "search morpheus"
wait_for "decoding JSON header 4"
shoot fragmented 120 40

# 3. A malformed frame rejected with its reason while a good request goes through.
start 120 40
type_line "search ring"
wait_for "Got result: In the caves"
type_line ":bad key"
wait_for "lacks the required key"
shoot malformed 120 40

# 4. The smallest supported terminal with the help overlay.
start 80 24
type_line "binary 😃"
wait_for "Got response"
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" "?"
wait_for "SocketLab help"
shoot help-80x24 80 24

# 5. A replay of a capture made by dumpcap of the Python peers on an ephemeral port, stepped to
#    the reply of its first request.
tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 120 -y 40 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
  "$bin replay $root/Tests/CaptureTests/Captures/python-lo-dumpcap.pcapng"
tmux set-option -t "$session" status off >/dev/null
wait_for "event 0/10"
tmux send-keys -t "$session" N
wait_for "event 3/10"
tmux send-keys -t "$session" N
wait_for "event 4/10"
shoot replay 120 40

# 6. The tap between the Python app client and server: both hops, the reply decoded.
python3 -u "$root/Tools/python/app_server.py" 127.0.0.1 0 > "$work/server.out" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; cleanup' EXIT
deadline=$((SECONDS + 10))
until grep -q "listening on" "$work/server.out"; do
  [ $SECONDS -lt $deadline ] || { echo "the Python server did not start" >&2; exit 1; }
  sleep 0.05
done
server_port=$(sed -n "s/.*listening on ('127.0.0.1', \([0-9]*\)).*/\1/p" "$work/server.out" | head -1)
tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 120 -y 40 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 "$bin tap 127.0.0.1 $server_port"
tmux set-option -t "$session" status off >/dev/null
wait_for "tap → 127.0.0.1:$server_port on 127.0.0.1:"
tap_port=$(tmux capture-pane -p -t "$session" | head -1 | sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\).*/\1/p')
python3 "$root/Tools/python/app_client.py" 127.0.0.1 "$tap_port" search morpheus > /dev/null
wait_for "closed: other hop"
shoot tap 120 40
kill $server_pid 2>/dev/null || true

# 7. The selector view while single-stepping :burst 3: the loop waits at a wake-up.
start 120 40
type_line ":step on"
wait_for "STEP: n = next wake-up"
tmux send-keys -t "$session" i
type_line ":burst 3 search ring"
tmux send-keys -t "$session" Escape
wait_for " ready: "
tmux send-keys -t "$session" n
wait_for "modify #"
shoot selector 120 40
