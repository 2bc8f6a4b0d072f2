/* mapcell.h: reading CUR map cells (product, tags, resource_tags) in their two CSV forms. */
#ifndef FC_MAPCELL_H
#define FC_MAPCELL_H

#include <stddef.h>

/* A cell is either a JSON object ({"k":"v","n":1}) or an Athena rendering ({k=v, k2=v2});
 * empty and "{}" are empty maps. The iterator yields unescaped keys and values, valid until the
 * scratch buffer is reused (every pair of one iteration stays valid). */
typedef struct fc_mapiter {
  const char *p, *end;
  int json;
  int error; /* set when the cell is not a well-formed map */
  char *buf; /* scratch for unescaped text */
  size_t cap, used;
} fc_mapiter;

/* Starts iterating cell[0..len). scratch must be at least len+8 bytes (unescaped text never
 * grows). */
void fc_mapiter_init(fc_mapiter *it, const char *cell, size_t len, char *scratch, size_t scratch_size);
/* Next pair: returns 1 with key/value set, 0 at the end or on error (check it->error). */
int fc_mapiter_next(fc_mapiter *it, const char **key, size_t *klen, const char **val, size_t *vlen);

#endif
