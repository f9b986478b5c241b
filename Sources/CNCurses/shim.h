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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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

// Terminal restoration on abnormal exits. A crash or a `kill` while curses owns the screen would
// leave the user's shell in raw mode with no echo and a hidden cursor. The handler puts the
// terminal back (endwin; not strictly async-signal-safe, but the process is dying anyway), then
// hands the signal to whatever handler was there before (the Swift backtracer, or the default).
// State lives in function-local statics: Swift emits a header's inline functions into the
// importing module, but not its file-scope variables.
static inline volatile sig_atomic_t *sl_curses_active(void) { static volatile sig_atomic_t active = 0; return &active; }
static inline struct sigaction *sl_previous_actions(void) { static struct sigaction actions[NSIG]; return actions; }

static inline void sl_restore_terminal(void) {
    if (*sl_curses_active()) {
        *sl_curses_active() = 0;
        endwin();
        fflush(stdout);
    }
}

static inline void sl_set_curses_active(int active) { *sl_curses_active() = active; }

static inline void sl_restore_and_reraise(int sig, siginfo_t *info, void *context) {
    (void)context;
    sl_restore_terminal();
    sigaction(sig, &sl_previous_actions()[sig], NULL);
    // A hardware fault (si_code > 0 for SEGV/BUS/ILL/FPE/TRAP) re-faults by itself when the
    // instruction reruns. Anything else (kill, abort, a terminal hangup) is raised again for the
    // previous disposition, delivered when this handler returns.
    int synchronous = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
    if (!synchronous || info == NULL || info->si_code <= 0) raise(sig);
}

static inline void sl_atexit_restore(void) { sl_restore_terminal(); }

/// Installs the fatal-signal handlers and the atexit hook once per process.
static inline void sl_install_terminal_guard(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    static const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGTERM, SIGHUP, SIGINT, SIGQUIT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        int sig = signals[i];
        struct sigaction current;
        if (sigaction(sig, NULL, &current) != 0 || (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN)) {
            continue; // an ignored signal (nohup) stays ignored
        }
        struct sigaction action;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_SIGINFO;
        action.sa_sigaction = sl_restore_and_reraise;
        sigaction(sig, &action, &sl_previous_actions()[sig]);
    }
    atexit(sl_atexit_restore);
}
#endif
