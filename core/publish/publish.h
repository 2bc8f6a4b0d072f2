/* publish.h: publishing a run's folder atomically, and the leftovers of runs that died. */
#ifndef FC_PUBLISH_H
#define FC_PUBLISH_H

#include <stddef.h>

/* Renames tmp into place as final atomically (exchanging with an existing folder, whose reports are
 * then renamed ".old-<name of final>-<pid>" beside it, for the next run's fc_clean_stale to remove,
 * or removed when that fails), after fsyncing every file and folder in tmp, and fsyncs final's parent after.
 * Returns 0 or -1 with errno; when the previous reports could not be renamed back (the fallback
 * without an atomic exchange) *kept (may be NULL) gets the name they are left under. */
int fc_publish_dir(const char *tmp, const char *final, char **kept);
/* The same, leaving alone the files listed in synced (relative to tmp, sorted by strcmp): they were
 * fsynced where they were written (fc_outfiles_complete). Every folder is fsynced all the same. */
int fc_publish_dir_synced(const char *tmp, const char *final, char **kept, const char *const *synced,
                          size_t nsynced);
/* Removes the temporary folders (.tmp-<period>-<pid>) that runs no longer running left in out
 * (*removed counts them) and the reports runs replaced (.old-<period>-<pid>). 0, or -1 with errno
 * when one could not be removed. */
int fc_clean_stale(const char *out, int *removed);
#endif
