/* run.h: one `finops run`: config, plugins, ingest, processing, outputs, atomic publish. */
#ifndef FC_RUN_H
#define FC_RUN_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "facts.h"
#include "ingest.h"
#include "plugin_host.h"
#include "results.h"

typedef struct fc_run_opts {
  const char *config;      /* path of finops.yaml */
  int32_t period;          /* YYYYMM, 0 = config or latest in data */
  int32_t as_of;           /* day, INT32_MIN = config or day after the last usage day */
  const char *out_dir;     /* NULL = config output.dir */
  const char *plugins_dir; /* NULL = beside the binary */
  int verbose;             /* log plugin debug lines */
  fc_ingest_progress_fn progress;
  void *progress_user;
  uint64_t allow_malformed; /* malformed CUR rows tolerated (reported, left out); 0 = none */
  int allow_empty;          /* publish a period without Bedrock data instead of refusing */
  const char *compare_dir;  /* --compare: the previous pack to write changes.csv against */
  int no_packs;             /* summary.json and the CSV files only (finops claims' fresh run) */
  int jobs;                 /* processes rendering the packs; 0 = one per online processor */
} fc_run_opts;

typedef struct fc_run {
  fc_config cfg;
  fc_plugins plugins;
  fc_ingest ingest;
  fc_results results;
  fc_arena arena;
  fc_diags *diags;
  int32_t period, as_of;
  int verbose;
  /* views handed to plugins */
  fc_node_info *nodes;
  fc_workload_info *workloads;
  fc_claim_info *claims;
  fc_person_info *people;
  char *settings_buf[8]; /* formatted numeric settings, freed with the run */
  char *out_path;        /* <out>/<period> once published */
  int jobs;              /* processes rendering the packs (>= 1) */
} fc_run;

/* Executes a run. Returns FC_OK, or a status whose problems are in diags. Usage, config and input
 * problems give FC_ERR_CONFIG / FC_ERR_PARSE / FC_ERR_PLUGIN (refused plugins) before anything is
 * written; a failing plugin or I/O error gives FC_ERR_IO / FC_ERR_PLUGIN after, and leaves the
 * previous output untouched. *published (may be NULL) gets the output folder; caller frees. */
fc_status fc_run_execute(const fc_run_opts *opts, fc_diags *diags, char **published);

/* The plugins folder used when none is given: <dir of the executable>/plugins, else the
 * installed one. Caller frees. */
char *fc_default_plugins_dir(void);

/* Renames tmp into place as final atomically (exchanging with an existing folder, then removing
 * the old one), after fsyncing every file and folder in tmp, and fsyncs final's parent after.
 * Returns 0 or -1 with errno; when the previous reports could not be renamed back (the fallback
 * without an atomic exchange) *kept (may be NULL) gets the name they are left under. */
int fc_publish_dir(const char *tmp, const char *final, char **kept);
/* fsync every file and folder under path; 0 or -1 with errno. */
int fc_sync_tree(const char *path);
/* Removes the temporary folders (.tmp-<period>-<pid>) that runs no longer running left in out;
 * *removed counts them. 0, or -1 with errno when one could not be removed. */
int fc_clean_stale(const char *out, int *removed);
/* rm -rf. */
int fc_remove_tree(const char *path);
/* mkdir -p. */
int fc_mkdirs(const char *path);

const char *fc_strerror(fc_status st);

#endif
