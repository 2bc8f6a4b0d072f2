/* outfiles.h: the list of files a run writes, with the node and roles each is for. */
#ifndef FC_OUTFILES_H
#define FC_OUTFILES_H

#include <stddef.h>

/* The files of one run, relative to its output folder, with the node and roles they are for. */
typedef struct fc_outfile {
  char *path;        /* "summary.json", "nodes/Enterprise/finops_leader.xlsx" */
  int node;          /* -1 = the organisation */
  unsigned audience; /* bit (1u << fc_role) per role */
  /* taken as soon as it was complete (fc_outfiles_complete): its size and SHA-256 for the manifest,
   * and whether it is already fsynced (its data and inode; its folder's entry is not): see jobs.h */
  int hashed, synced;
  unsigned long long size;
  char sha256[65];
} fc_outfile;

typedef struct fc_outfiles {
  fc_outfile *v;
  size_t n, cap;
} fc_outfiles;

int fc_outfiles_add(fc_outfiles *o, const char *path, int node, unsigned audience);
void fc_outfiles_free(fc_outfiles *o);
/* Files from..n-1 (paths relative to dir) are complete and nothing writes them again: takes the size
 * and SHA-256 of each that has none yet, so the manifest need not read them back (called where they
 * were written: in the render processes, side by side). A file that cannot be read stays without
 * (the manifest reports it). */
int fc_outfiles_complete(fc_outfiles *o, size_t from, const char *dir); /* 0, or -1: out of memory */
/* The paths of the files already fsynced, sorted (strcmp), for fc_publish_dir_synced; *n gets
 * their count. NULL when out of memory. Free the array only (the paths are the list's). */
const char **fc_outfiles_synced(const fc_outfiles *o, size_t *n);

/* *dup: the first path listed twice in files, or NULL. Returns 0, or -1 on out of memory. */
int fc_outfiles_duplicate(const fc_outfiles *files, const char **dup);

#endif
