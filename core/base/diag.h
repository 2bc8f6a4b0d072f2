/* diag.h: collected diagnostics (severity, file:line:col, message); libraries record, the CLI prints. */
#ifndef FC_DIAG_H
#define FC_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum fc_severity { FC_SEV_NOTE = 0, FC_SEV_WARNING = 1, FC_SEV_ERROR = 2 } fc_severity;

typedef struct fc_diag {
  fc_severity sev;
  char *file; /* owned; may be NULL */
  int line;   /* 1-based; 0 = no position */
  int col;    /* 1-based; 0 = no column */
  char *msg;  /* owned */
} fc_diag;

typedef struct fc_diags {
  fc_diag *v;
  size_t n, cap;
  size_t nerrors, nwarnings;
} fc_diags;

/* Records one diagnostic; file is copied. Out of memory is recorded as a counted error only. */
void fc_diags_add(fc_diags *d, fc_severity sev, const char *file, int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
void fc_diags_vadd(fc_diags *d, fc_severity sev, const char *file, int line, int col, const char *fmt,
                   va_list ap);
/* Prints every diagnostic as "file:line:col: error: message" (position parts omitted when absent). */
void fc_diags_print(const fc_diags *d, FILE *out);
/* Prints one diagnostic whole, however long, with a newline. */
void fc_diag_print(const fc_diag *g, FILE *out);
/* Formats one diagnostic into buf (always NUL-terminated); returns buf. */
char *fc_diag_format(const fc_diag *g, char *buf, size_t size);
/* Releases everything the list owns and zeroes it. */
void fc_diags_free(fc_diags *d);

#endif
