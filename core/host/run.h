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
#include "files.h"
#include "status.h"

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
  /* the plugins' own memory (the host API's alloc): given back once every plugin has finished, so
   * that the files, the packs and the render processes forked for them do not hold it */
  fc_arena plugin_arena;
} fc_run;

/* The plugins folder used when none is given: <dir of the executable>/plugins, else the
 * installed one. Caller frees. */
char *fc_default_plugins_dir(void);

#endif
