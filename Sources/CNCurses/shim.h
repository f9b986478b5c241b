// Wide-character ncurses for Swift: the defines must precede <curses.h>; the inline helpers wrap
// macros and C globals that Swift cannot import (or that Swift 6 rejects as not concurrency-safe).
#ifndef SOCKETLAB_CNCURSES_SHIM_H
#define SOCKETLAB_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <curses.h>

static inline WINDOW *sl_stdscr(void) { return stdscr; }
static inline int sl_lines(void) { return LINES; }
static inline int sl_cols(void) { return COLS; }
static inline attr_t sl_a_bold(void) { return A_BOLD; }
static inline attr_t sl_a_reverse(void) { return A_REVERSE; }
static inline attr_t sl_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sl_a_dim(void) { return A_DIM; }
static inline attr_t sl_a_normal(void) { return A_NORMAL; }
static inline int sl_color_pair(int n) { return COLOR_PAIR(n); }
#endif
