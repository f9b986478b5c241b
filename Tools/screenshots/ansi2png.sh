#!/usr/bin/env bash
# ansi2png.sh IN.ansi OUT.png [COLS ROWS]
#
# Turns a `tmux capture-pane -p -e` capture into a PNG for the README: aha makes HTML of the
# colours, ansi2html.py gives every wide character (emoji, CJK) exactly two cells so borders stay
# aligned, headless chromium takes the picture (colour emoji, CJK fonts). COLS and ROWS default
# to the capture's own size; pass the pane size to keep blank right/bottom areas.
# ANSI2PNG_SCALE=2 renders at twice the pixels (sharper on high-DPI screens), same layout.
# Needs aha, chromium and fonts: run install-deps.sh once. About a second per picture.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "usage: $0 IN.ansi OUT.png [COLS ROWS]" >&2; exit 2; }
[ $# -eq 2 ] || [ $# -eq 4 ] || usage
in="$1"; out="$2"; size=()
[ $# -eq 4 ] && size=("$3" "$4")
[ -r "$in" ] || { echo "ansi2png: cannot read $in" >&2; exit 2; }
for tool in aha chromium python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "ansi2png: $tool is missing; run $here/install-deps.sh" >&2; exit 3; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# aha ignores dim (SGR 2); tmux emits it on its own, so turn it into a grey foreground first.
sed -E $'s/\x1b\\[2m/\x1b[38;5;245m/g' <"$in" | aha --black --no-header >"$work/body.html"
read -r width height < <(python3 "$here/ansi2html.py" "$work/body.html" "$in" "$work/page.html" "${size[@]}")

mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"
# A private profile directory lets several shots run at once.
if ! chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor="${ANSI2PNG_SCALE:-1}" \
        --user-data-dir="$work/profile" --window-size="$width,$height" \
        --screenshot="$out_abs" "file://$work/page.html" >"$work/chromium.log" 2>&1 \
        || [ ! -s "$out_abs" ]; then
    echo "ansi2png: chromium failed:" >&2
    cat "$work/chromium.log" >&2
    exit 1
fi
echo "$out_abs (${width}x${height})"
