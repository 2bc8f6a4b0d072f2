/* publish.c: the atomic swap that publishes a run's output, and the leftovers of runs that died. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "files.h"
#include "publish.h"
#include "timing.h"
#include "util.h"

static int sync_parent(const char *path) {
  char *dir = fc_strdup(path);
  if (!dir)
    return -1;
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  int fd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(dir);
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

/* "<folder of final>/.old-<name of final>-<pid>". */
static char *old_name(const char *final) {
  const char *slash = strrchr(final, '/');
  if (!slash)
    return fc_asprintf(".old-%s-%ld", final, (long)getpid());
  return fc_asprintf("%.*s/.old-%s-%ld", (int)(slash - final), final, slash + 1, (long)getpid());
}

int fc_publish_dir(const char *tmp, const char *final, char **kept) {
  return fc_publish_dir_synced(tmp, final, kept, NULL, 0);
}

int fc_publish_dir_synced(const char *tmp, const char *final, char **kept, const char *const *synced,
                          size_t nsynced) {
  if (kept)
    *kept = NULL;
  int synced_rc = fc_sync_tree_except(tmp, synced, nsynced);
  fc_timing_mark("fsync");
  if (synced_rc != 0)
    return -1;
  struct stat st;
  if (stat(final, &st) != 0)
    return rename(tmp, final) != 0 || sync_parent(final) != 0 ? -1 : 0;
#ifdef SYS_renameat2
  /* RENAME_EXCHANGE (2): both names stay valid at every instant. */
  if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, final, 2) == 0) {
    if (sync_parent(final) != 0)
      return -1;
    /* The replaced reports (now under tmp's name) are renamed ".old-<period>-<pid>" and left to the
     * next run, which removes them while it reads its inputs (fc_clean_stale): unlinking a pack's
     * files costs a few hundred milliseconds of waiting for the file system, here at the end of the
     * run with nothing to overlap it. Removed now when the name is taken. */
    char *old = old_name(final);
    if (old && rename(tmp, old) == 0) {
      free(old);
      return 0;
    }
    free(old);
    return fc_remove_tree(tmp);
  }
#endif
  /* Fallback: move the old one aside first; a crash between the renames leaves it beside. */
  char *old = fc_asprintf("%s.old-%ld", final, (long)getpid());
  if (!old)
    return -1;
  if (rename(final, old) != 0) {
    free(old);
    return -1;
  }
  if (rename(tmp, final) != 0) {
    int e = errno;
    if (rename(old, final) != 0 && kept) /* the previous reports stay under the other name */
      *kept = old;
    else
      free(old);
    errno = e;
    return -1;
  }
  int rc = sync_parent(final) != 0 ? -1 : fc_remove_tree(old);
  free(old);
  return rc;
}

/* ".tmp-<period>-<pid>" of a process that no longer runs: a killed run's unfinished output. */
static int stale_tmp(const char *name) {
  int y, m;
  long pid;
  char tail;
  if (sscanf(name, ".tmp-%4d-%2d-%ld%c", &y, &m, &pid, &tail) != 3 || pid <= 0 || pid == (long)getpid())
    return 0;
  return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* ".old-<period>-<pid>": reports a run replaced (fc_publish_dir), whichever run left them. */
static int replaced(const char *name) {
  int y, m;
  long pid;
  char tail;
  return sscanf(name, ".old-%4d-%2d-%ld%c", &y, &m, &pid, &tail) == 3 && pid > 0;
}

int fc_clean_stale(const char *out, int *removed) {
  *removed = 0;
  DIR *d = opendir(out);
  if (!d)
    return errno == ENOENT ? 0 : -1;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    int old = replaced(e->d_name);
    if (!old && !stale_tmp(e->d_name))
      continue;
    char *p = fc_asprintf("%s/%s", out, e->d_name);
    if (!p) {
      closedir(d);
      errno = ENOMEM;
      return -1;
    }
    if (fc_remove_tree(p) != 0)
      rc = -1;
    else if (!old)
      (*removed)++;
    free(p);
  }
  closedir(d);
  return rc;
}
