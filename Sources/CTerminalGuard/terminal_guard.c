// See include/CTerminalGuard.h. The handler puts the terminal back (endwin: not strictly
// async-signal-safe, but the process is dying anyway), then hands the signal to whatever handler
// was there before (the Swift backtracer, or the default).
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include "CTerminalGuard.h"
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t curses_active = 0;
static volatile sig_atomic_t bracketed_paste = 0;
static struct sigaction previous_actions[NSIG];

// DEC private mode 2004: the terminal wraps a paste in ESC[200~ … ESC[201~. Terminals that do
// not know the mode ignore it.
static const char paste_on[] = "\033[?2004h";
static const char paste_off[] = "\033[?2004l";

void sl_restore_terminal(void) {
    if (curses_active) {
        curses_active = 0;
        endwin();
        fflush(stdout);
        if (bracketed_paste) {
            // After endwin: the mode is the terminal's, not the alternate screen's, and the shell
            // after us must get a paste as plain text again (write is async-signal-safe).
            bracketed_paste = 0;
            ssize_t ignored = write(STDOUT_FILENO, paste_off, sizeof paste_off - 1);
            (void)ignored;
        }
    }
}

void sl_enable_bracketed_paste(void) {
    if (!curses_active || bracketed_paste) return;
    fflush(stdout);
    if (write(STDOUT_FILENO, paste_on, sizeof paste_on - 1) == (ssize_t)(sizeof paste_on - 1)) bracketed_paste = 1;
}

void sl_set_curses_active(int active) {
    curses_active = active;
}

static void restore_and_reraise(int sig, siginfo_t *info, void *context) {
    (void)context;
    sl_restore_terminal();
    sigaction(sig, &previous_actions[sig], NULL);
    // A hardware fault (si_code > 0 for SEGV/BUS/ILL/FPE/TRAP) re-faults by itself when the
    // instruction reruns. Anything else (kill, abort, a terminal hangup) is raised again for the
    // previous disposition, delivered when this handler returns.
    int synchronous = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
    if (!synchronous || info == NULL || info->si_code <= 0) raise(sig);
}

static void restore_at_exit(void) {
    sl_restore_terminal();
}

void sl_install_terminal_guard(void) {
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
        action.sa_sigaction = restore_and_reraise;
        sigaction(sig, &action, &previous_actions[sig]);
    }
    atexit(restore_at_exit);
}
