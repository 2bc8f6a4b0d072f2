/* outfiles.h: the list of files a run writes, with the node and roles each is for. */
#ifndef FC_OUTFILES_H
#define FC_OUTFILES_H

#include <stddef.h>

/* The files of one run, relative to its output folder, with the node and roles they are for. */
typedef struct fc_outfile {
  char *path;        /* "summary.json", "nodes/Enterprise/finops_leader.xlsx" */
  int node;          /* -1 = the organisation */
  unsigned audience; /* bit (1u << fc_role) per role */
  /* its size and SHA-256 when taken as soon as it was complete (fc_outfiles_hash), for the manifest */
  int hashed;
  unsigned long long size;
  char sha256[65];
} fc_outfile;

typedef struct fc_outfiles {
  fc_outfile *v;
  size_t n, cap;
} fc_outfiles;

int fc_outfiles_add(fc_outfiles *o, const char *path, int node, unsigned audience);
void fc_outfiles_free(fc_outfiles *o);
/* Takes the size and SHA-256 of files from..n-1 that have none yet (paths relative to dir): called
 * where they were written, once they are complete and nothing writes them again, so the manifest
 * need not read them back. A file that cannot be read stays without (the manifest reports it). */
void fc_outfiles_hash(fc_outfiles *o, size_t from, const char *dir);

/* *dup: the first path listed twice in files, or NULL. Returns 0, or -1 on out of memory. */
int fc_outfiles_duplicate(const fc_outfiles *files, const char **dup);

#endif
