/* jobs.h: independent items (the report packs) rendered by several processes with a result that
 * does not depend on how many there are.
 *
 * With one job the items run in this process, in order, stopping at the first failure. With more,
 * worker processes are forked (after the plugins ran: they share the result store copy-on-write);
 * each takes the next item not yet taken, renders it and records what it added (the files, the
 * diagnostics and the status) in a private record file. The parent waits for every worker, then
 * merges the records in item order, exactly as one job would have listed them, stopping at the
 * first failed item. A worker that dies or cannot write its record fails the whole call. */
#ifndef FC_JOBS_H
#define FC_JOBS_H

#include <stddef.h>

#include "diag.h"
#include "names.h"
#include "outfiles.h"
#include "results.h"

/* Renders item i: adds its files to files and its problems to diags (the same diags given to
 * fc_jobs_run). Returns FC_OK or the status that stops the run. */
typedef fc_status (*fc_jobs_fn)(void *user, size_t i, fc_diags *diags, fc_outfiles *files);

/* The number of online processors (at least 1): the default number of jobs. */
int fc_jobs_online(void);

/* Runs fn for items 0..n-1 with up to jobs processes (jobs <= 1 or n <= 1: in this process), the
 * files of the items appended to files in item order. Returns FC_OK, the status of the first item
 * that failed, or FC_ERR_IO / FC_ERR_NOMEM (details in diags) when a worker could not run. */
fc_status fc_jobs_run(int jobs, size_t n, fc_jobs_fn fn, void *user, fc_diags *diags, fc_outfiles *files);
/* The same for items whose files are relative to dir: with worker processes, each also fsyncs the
 * files of the items it finished on a thread of its own while it works on the next, and lists them
 * as synced (fc_outfile.synced). With one job nothing is fsynced here. */
fc_status fc_jobs_run_in(int jobs, size_t n, fc_jobs_fn fn, void *user, fc_diags *diags, fc_outfiles *files,
                         const char *dir);

#endif
