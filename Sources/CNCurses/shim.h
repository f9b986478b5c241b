// Wide-character ncurses for Swift: the defines must precede <curses.h>; the inline helpers wrap
// macros and C globals that Swift cannot import (or that Swift 6 rejects as not concurrency-safe).
#ifndef SOCKETLAB_CNCURSES_SHIM_H
#define SOCKETLAB_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <string.h>
#include <stdio.h>
#include <wchar.h>
#include <curses.h>

static inline WINDOW *sl_stdscr(void) { return stdscr; }
static inline attr_t sl_a_bold(void) { return A_BOLD; }
static inline attr_t sl_a_reverse(void) { return A_REVERSE; }
static inline attr_t sl_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sl_a_dim(void) { return A_DIM; }
static inline attr_t sl_a_normal(void) { return A_NORMAL; }
// Mouse masks and function keys are macros built from other macros.
static inline mmask_t sl_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t sl_button1_clicked(void) { return BUTTON1_CLICKED; }
/* The wheel: ncurses reports it as presses of buttons 4 (up) and 5 (down). */
static inline mmask_t sl_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t sl_wheel_down(void) { return BUTTON5_PRESSED; }
static inline int sl_key_f(int n) { return KEY_F(n); }
static inline int sl_color_pairs(void) { return COLOR_PAIRS; }
static inline int sl_colors(void) { return COLORS; }

// Columns the terminal gives a character (glibc's table, the one ncurses uses); declared here
// because <wchar.h> hides it unless _XOPEN_SOURCE is set.
extern int wcwidth(wchar_t);
static inline int sl_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int sl_locale_is_utf8(void) { return strcmp(nl_langinfo(CODESET), "UTF-8") == 0; }

// True when the terminal behind standard input has gone away (hangup, closed pty).
static inline int sl_input_hung_up(void) {
    struct pollfd fd = { .fd = 0, .events = POLLIN, .revents = 0 };
    return poll(&fd, 1, 0) == 1 && (fd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

// newterm instead of initscr: initscr exits the process when the terminal is unusable, newterm
// returns NULL so Swift can throw. `stdin`/`stdout` are C globals Swift 6 will not touch.
static inline SCREEN *sl_newterm(void) { return newterm(NULL, stdout, stdin); }

// True when the terminal newterm set up can move the cursor (`cup`): without it (TERM=dumb, a
// printer-like terminal) a full-screen UI can only scroll garbage. tigetstr returns (char *)-1
// for "not a string capability" and NULL for "absent".
#include <term.h>
static inline int sl_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

// The terminal guard (signal handlers, atexit) is C code of its own: Sources/CTerminalGuard.
#endif
