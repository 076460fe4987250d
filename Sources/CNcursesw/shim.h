#ifndef ALLIANCE_CNCURSESW_SHIM_H
#define ALLIANCE_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides the wide-character API:
// ask for it explicitly.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Macros and globals Swift cannot import (or rejects in Swift 6 mode), as functions.
static inline attr_t alliance_a_normal(void) { return A_NORMAL; }
static inline attr_t alliance_a_bold(void) { return A_BOLD; }
static inline attr_t alliance_a_underline(void) { return A_UNDERLINE; }
static inline attr_t alliance_a_reverse(void) { return A_REVERSE; }
static inline attr_t alliance_a_dim(void) { return A_DIM; }
static inline WINDOW *alliance_stdscr(void) { return stdscr; }
static inline int alliance_colors(void) { return COLORS; }
static inline int alliance_color_pairs(void) { return COLOR_PAIRS; }
static inline int alliance_max_y(WINDOW *w) { return getmaxy(w); }
static inline int alliance_max_x(WINDOW *w) { return getmaxx(w); }
static inline int alliance_key_code_yes(void) { return KEY_CODE_YES; }

// wcwidth is hidden from Swift's view of glibc (it needs _XOPEN_SOURCE): declare it here.
extern int wcwidth(wchar_t c);
/// The columns the C library (and so curses and most terminals) gives a code point, in the
/// current locale; -1 for one it cannot print.
static inline int alliance_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/// Whether the current locale's character set is UTF-8 (call after setlocale).
static inline int alliance_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    if (!codeset) return 0;
    return (codeset[0] == 'U' || codeset[0] == 'u') && (codeset[1] == 'T' || codeset[1] == 't')
        && (codeset[2] == 'F' || codeset[2] == 'f');
}

/// Sets a complex character from up to 4 code points (a grapheme), its attributes and colour pair.
static inline int alliance_setcchar(cchar_t *cc, const wchar_t *text, attr_t attrs, int pair) {
    return setcchar(cc, text, attrs, (short)pair, NULL);
}

#endif
