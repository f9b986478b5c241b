// Terminal restoration on abnormal exits, for the ncurses UI. A crash or a `kill` while curses
// owns the screen would leave the user's shell in raw mode with no echo and a hidden cursor.
// Written in C (terminal_guard.c) because signal handlers and process-wide state have no safe
// Swift form; a header-only version needed its statics hidden in inline functions.
#ifndef SOCKETLAB_CTERMINALGUARD_H
#define SOCKETLAB_CTERMINALGUARD_H

/// Installs the fatal-signal handlers and the atexit hook, once per process.
void sl_install_terminal_guard(void);

/// Tells the guard whether curses owns the screen now (set after newterm, cleared after endwin).
void sl_set_curses_active(int active);

/// Ends curses if it is active (endwin, flush) and turns bracketed paste off again if it was
/// turned on: the terminal is the user's again.
void sl_restore_terminal(void);

/// Asks the terminal for bracketed paste (ESC[?2004h) while curses is active; every path through
/// `sl_restore_terminal` (shutdown, exit, fatal signal) turns it off.
void sl_enable_bracketed_paste(void);

#endif
