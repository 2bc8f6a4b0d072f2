/* jsonw.h: a small streaming JSON writer with exact fixed-point numbers and stable layout. */
#ifndef FC_JSONW_H
#define FC_JSONW_H

#include <stdint.h>
#include <stdio.h>

#include "finops/plugin.h"

typedef struct fc_jw {
  FILE *f;
  int depth;
  int first[64]; /* no element written yet at this depth */
  int after_key;
  int oom; /* set by a caller that could not assemble a value: the document is incomplete */
} fc_jw;

void fc_jw_init(fc_jw *w, FILE *f);
void fc_jw_obj(fc_jw *w);
void fc_jw_obj_end(fc_jw *w);
void fc_jw_arr(fc_jw *w);
void fc_jw_arr_end(fc_jw *w);
void fc_jw_key(fc_jw *w, const char *k);
void fc_jw_str(fc_jw *w, const char *s); /* NULL writes null */
void fc_jw_int(fc_jw *w, int64_t v);
/* Money as an exact JSON number: all significant decimals of the fixed-point value. */
void fc_jw_money(fc_jw *w, fc_money v);
void fc_jw_real(fc_jw *w, double v, int decimals); /* non-finite writes null */
void fc_jw_bool(fc_jw *w, int v);
void fc_jw_null(fc_jw *w);

#endif
