#!/usr/bin/env python3
"""Wrap `aha --black --no-header` output into a page that renders a terminal capture cell-exact.

Why: a browser gives emoji and CJK their font's width, not the terminal's two cells, and so
every border after an emoji drifts. Here each character that is not plain ASCII is put in an
inline-block exactly as many `ch` wide as the terminal gave it (glibc's wcwidth in C.UTF-8,
the table tmux and ncurses use), so columns line up whatever the fonts do.

Usage: ansi2html.py AHA_BODY.html CAPTURE.ansi PAGE.html [COLS ROWS]
Prints "WIDTH HEIGHT" (pixels) for chromium's --window-size.
"""
import ctypes
import html
import locale
import math
import re
import sys

FONT_PX = 16
LINE_PX = 19                   # DejaVu Sans Mono's box glyphs are ~18.6 px: vertical lines join
ADVANCE_EM = 1233 / 2048       # DejaVu Sans Mono's advance width
PAD_PX = 12
CELL_PX = FONT_PX * ADVANCE_EM  # in px, not ch: `ch` would follow the emoji font's digits

# aha's colour names are the harsh CSS ones (lime, #3333FF); a softer terminal palette, with
# darker backgrounds so coloured text on them stays readable.
PALETTE = {
    "dimgray": "#7f7f7f", "red": "#e05561", "lime": "#5ec45e", "yellow": "#e5c07b",
    "#3333FF": "#5c9df0", "fuchsia": "#c678dd", "aqua": "#56c8d8", "white": "#dcdfe4",
}
BACKGROUND = {
    "black": "#000000", "red": "#b8323e", "lime": "#2f8a3a", "yellow": "#b58a2c",
    "#3333FF": "#2b5fad", "fuchsia": "#8d3fa8", "aqua": "#1f8597", "white": "#dcdfe4",
}

locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
_libc = ctypes.CDLL(None)
_libc.wcwidth.argtypes = [ctypes.c_wchar]
_libc.wcwidth.restype = ctypes.c_int


def wcwidth(ch):
    return _libc.wcwidth(ch)


# Narrow ranges DejaVu Sans Mono draws at exactly one advance: no wrapper needed, so underline
# and the like keep working on them. Everything else non-ASCII gets a fixed-width box.
MONO_SAFE = [(0x20, 0x7E), (0xA0, 0x4FF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2500, 0x259F)]


def needs_box(ch, width):
    code = ord(ch)
    return width != 1 or not any(lo <= code <= hi for lo, hi in MONO_SAFE)


ESCAPE = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b.")


def terminal_size(ansi_text):
    lines = ansi_text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = max((sum(max(0, wcwidth(c)) for c in ESCAPE.sub("", line)) for line in lines), default=1)
    return max(1, width), max(1, len(lines))


def cells(text):
    """Splits text into (characters, width) runs: a character plus its zero-width followers."""
    out = []
    for ch in text:
        w = wcwidth(ch)
        if w == 0 and out:
            out[-1][0] += ch
        else:
            out.append([ch, max(w, 1) if ch not in "\n" else 0])
    return out


def wrap_text(text):
    text = html.unescape(text)
    parts = []
    for chars, width in cells(text):
        if chars == "\n" or not needs_box(chars[0], width):
            parts.append(html.escape(chars, quote=False))
        else:
            cls = "w2" if width == 2 else "w1"
            if width == 1:
                # "❤️" in one cell: without the emoji selector it is drawn as text, one cell wide.
                chars = chars.replace("\ufe0f", "")
            parts.append(f'<span class="{cls}">{html.escape(chars, quote=False)}</span>')
    return "".join(parts)


def restyle(tag):
    def swap(match):
        prefix, name = match.group(1), match.group(2)
        table = BACKGROUND if prefix == "background-color:" else PALETTE
        return prefix + table.get(name, name) + ";"
    return re.sub(r"((?:background-)?color:)([^;\"]+);", swap, tag)


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    body_path, ansi_path, page_path = sys.argv[1:4]
    body = open(body_path, encoding="utf-8", errors="replace").read()
    ansi = open(ansi_path, encoding="utf-8", errors="replace").read()
    cols, rows = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) == 6 else terminal_size(ansi)

    pieces = re.split(r"(<[^>]*>)", body)
    converted = "".join(restyle(p) if p.startswith("<") else wrap_text(p) for p in pieces)

    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; background: #000; }}
pre {{
  margin: 0; padding: {PAD_PX}px; color: {PALETTE["white"]}; background: #000;
  font-family: "DejaVu Sans Mono", "WenQuanYi Zen Hei Mono", "Noto Color Emoji", monospace;
  font-size: {FONT_PX}px; line-height: {LINE_PX}px; white-space: pre;
  font-variant-ligatures: none; -webkit-font-smoothing: antialiased;
}}
.w1, .w2 {{
  display: inline-block; height: {LINE_PX}px; vertical-align: top; overflow: visible;
  text-align: center; text-decoration: inherit;
}}
.w1 {{ width: {CELL_PX:.4f}px; }}
.w2 {{ width: {2 * CELL_PX:.4f}px; font-family: "Noto Color Emoji", "WenQuanYi Zen Hei Mono", "WenQuanYi Zen Hei", sans-serif; }}
</style></head><body><pre>{converted}</pre></body></html>
"""
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(page)
    width = math.ceil(cols * CELL_PX) + 2 * PAD_PX
    height = rows * LINE_PX + 2 * PAD_PX
    print(width, height)


if __name__ == "__main__":
    main()
