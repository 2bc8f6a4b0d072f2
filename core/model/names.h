/* names.h: the folder names of the report packs, checked before anything is written. Every node
 * of the hierarchy gets a folder nodes/<dir of each level>/ (fc_node_dir); two nodes whose folders
 * are the same after sanitising, or equal but for letter case (a case-insensitive file system
 * merges them), would mix two owners' reports; names the pack itself uses (_organisation, charts,
 * tasks.csv, <role>.xlsx) and names over 255 bytes cannot be written at all. */
#ifndef FC_NAMES_H
#define FC_NAMES_H

#include "config.h"
#include "diag.h"

/* The folder of the organisation pack (people scoped to "*"), under nodes/. */
#define FC_ORG_PACK_DIR "_organisation"

/* The longest folder name a file system takes (NAME_MAX). */
#define FC_NAME_MAX 255

/* Records an error at the workload that introduces each node whose folder cannot be written, or
 * collides with another's. Returns the number of errors recorded (-1 on out of memory). */
int fc_names_check(const fc_config *cfg, fc_diags *d);

/* A node path as a relative folder path: each name made safe (no "..", "/", control characters
 * or leading dots). Caller frees. */
char *fc_node_dir(const fc_config *cfg, int node);

#endif
