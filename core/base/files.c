/* files.c: folders and files: mkdir -p, rm -rf, and fsync of a whole tree. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "files.h"
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

/* The walk's files already fsynced where they were written (fc_sync_tree_except): relative to the
 * root, sorted. nftw passes no user pointer; one walk at a time. */
static struct {
  size_t root_len;
  const char *const *skip;
  size_t nskip;
} walk;

static int cmp_rel(const void *key, const void *elem) { return strcmp(key, *(const char *const *)elem); }

static int skipped(const char *path) {
  if (!walk.nskip || strlen(path) <= walk.root_len)
    return 0;
  return bsearch(path + walk.root_len + 1, walk.skip, walk.nskip, sizeof *walk.skip, cmp_rel) != NULL;
}

/* fsync every file and folder under path (deepest first), so that what the swap publishes is on
 * disk before the names change. */
static int sync_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (flag != FTW_F && flag != FTW_DP)
    return 0;
  if (flag == FTW_F && skipped(path))
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
  if (flag == FTW_F && !skipped(path)) {
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

int fc_sync_tree(const char *path) { return fc_sync_tree_except(path, NULL, 0); }

int fc_sync_tree_except(const char *path, const char *const *synced, size_t nsynced) {
  walk.root_len = strlen(path);
  walk.skip = synced;
  walk.nskip = nsynced;
  (void)nftw(path, start_one, 16, FTW_PHYS);
  int rc = nftw(path, sync_one, 16, FTW_DEPTH | FTW_PHYS);
  memset(&walk, 0, sizeof walk);
  return rc;
}

char *fc_beside_exe(const char *name, const char *fallback) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      char *p = fc_asprintf("%s/%s", exe, name);
      struct stat st;
      if (!p)
        return NULL; /* out of memory, not "none here" */
      if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
        return p;
      free(p);
    }
  }
  return fc_strdup(fallback);
}
