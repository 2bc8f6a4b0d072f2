/* publish.c: folders: mkdir -p, rm -rf, and the atomic swap that publishes a run's output. */
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

#include "run.h"
#include "util.h"

int fc_mkdirs(const char *path) {
  char *p = fc_strdup(path);
  if (!p)
    return -1;
  for (char *s = p + 1; *s; s++) {
    if (*s != '/')
      continue;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      free(p);
      return -1;
    }
    *s = '/';
  }
  int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
  free(p);
  return rc;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

int fc_remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return errno == ENOENT ? 0 : -1;
  return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* fsync every file and folder under path (deepest first), so that what the swap publishes is on
 * disk before the names change. */
static int sync_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (flag != FTW_F && flag != FTW_DP)
    return 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC | (flag == FTW_DP ? O_DIRECTORY : 0));
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  int e = errno;
  close(fd);
  errno = e;
  return rc;
}

/* Starts writing a file's data out without waiting: when every file's writeback is under way
 * before the first fsync, the file system commits them together and the fsyncs that follow find
 * little left to do, instead of one journal commit and device flush per file. Advisory only. */
static int start_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
#ifdef SYNC_FILE_RANGE_WRITE
  if (flag == FTW_F) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
      close(fd);
    }
  }
#else
  (void)path;
  (void)flag;
#endif
  return 0;
}

int fc_sync_tree(const char *path) {
  (void)nftw(path, start_one, 16, FTW_PHYS);
  return nftw(path, sync_one, 16, FTW_DEPTH | FTW_PHYS);
}

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

int fc_publish_dir(const char *tmp, const char *final, char **kept) {
  if (kept)
    *kept = NULL;
  if (fc_sync_tree(tmp) != 0)
    return -1;
  struct stat st;
  if (stat(final, &st) != 0)
    return rename(tmp, final) != 0 || sync_parent(final) != 0 ? -1 : 0;
#ifdef SYS_renameat2
  /* RENAME_EXCHANGE (2): both names stay valid at every instant. */
  if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, final, 2) == 0) {
    if (sync_parent(final) != 0)
      return -1;
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

int fc_clean_stale(const char *out, int *removed) {
  *removed = 0;
  DIR *d = opendir(out);
  if (!d)
    return errno == ENOENT ? 0 : -1;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!stale_tmp(e->d_name))
      continue;
    char *p = fc_asprintf("%s/%s", out, e->d_name);
    if (!p) {
      closedir(d);
      errno = ENOMEM;
      return -1;
    }
    if (fc_remove_tree(p) != 0)
      rc = -1;
    else
      (*removed)++;
    free(p);
  }
  closedir(d);
  return rc;
}
