/* names.h: the folder names of the report packs, checked before anything is written. Every node
 * of the hierarchy gets a folder nodes/<dir of each level>/ (fc_node_dir); two nodes whose folders
 * are the same after sanitising, or equal but for letter case (a case-insensitive file system
 * merges them), would mix two owners' reports; names the pack itself uses (_organisation, charts,
 * tasks.csv, <role>.xlsx) and names over 255 bytes cannot be written at all. */
#ifndef FC_NAMES_H
#define FC_NAMES_H

#include "config.h"
#include "diag.h"
#include "outputs.h"

/* The longest folder name a file system takes (NAME_MAX). */
#define FC_NAME_MAX 255

/* Records an error at the workload that introduces each node whose folder cannot be written, or
 * collides with another's. Returns the number of errors recorded (-1 on out of memory). */
int fc_names_check(const fc_config *cfg, fc_diags *d);

/* *dup: the first path listed twice in files, or NULL. Returns 0, or -1 on out of memory. */
int fc_outfiles_duplicate(const fc_outfiles *files, const char **dup);

#endif
