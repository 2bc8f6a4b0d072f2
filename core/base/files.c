/* files.c: folders and files: mkdir -p, rm -rf, and fsync of a whole tree. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
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

/* Walks of one tree by several threads at once, each taking its share of the entries (by a hash of
 * the path: every thread walks the whole tree, which costs a stat per entry, and acts on its own
 * entries only). nftw passes no user pointer: the share is the thread's. No allocation of ours. */
static _Thread_local unsigned share_k, share_n = 1;

static int mine(const char *path) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++)
    h = (h ^ *p) * 16777619u;
  return h % share_n == share_k;
}

typedef struct share {
  const char *path;
  __nftw_func_t fn;
  int flags;
  unsigned k, n;
  int rc, err;
} share;

static void *share_main(void *arg) {
  share *s = arg;
  share_k = s->k;
  share_n = s->n;
  s->rc = nftw(s->path, s->fn, 16, s->flags);
  s->err = errno;
  return NULL;
}

/* nftw(path, fn) by n threads at once (fewer when they cannot start); -1 with errno when a walk
 * failed. */
static int walk_shared(const char *path, __nftw_func_t fn, int flags, unsigned n) {
  share s[8];
  pthread_t th[8];
  int started[8] = {0};
  n = n < 1 ? 1 : n > 8 ? 8 : n;
  for (unsigned k = 1; k < n; k++) {
    s[k] = (share){path, fn, flags, k, n, 0, 0};
    started[k] = pthread_create(&th[k], NULL, share_main, &s[k]) == 0;
  }
  /* this thread takes its own share and the shares of threads that could not start */
  int rc = 0, err = 0;
  for (unsigned k = 0; k < n; k++)
    if (k == 0 || !started[k]) {
      s[k] = (share){path, fn, flags, k, n, 0, 0};
      share_main(&s[k]);
      if (s[k].rc && !rc)
        rc = s[k].rc, err = s[k].err;
    }
  share_k = 0;
  share_n = 1;
  for (unsigned k = 1; k < n; k++)
    if (started[k]) {
      pthread_join(th[k], NULL);
      if (s[k].rc && !rc)
        rc = s[k].rc, err = s[k].err;
    }
  errno = err;
  return rc ? -1 : 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

/* The files (not the folders) of this thread's share; an entry another thread removed meanwhile is
 * left alone. */
static int rm_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (flag != FTW_F || !mine(path))
    return 0;
  return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
}

int fc_remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return errno == ENOENT ? 0 : -1;
  /* the files by four threads (unlinking is mostly the kernel's CPU), then what is left, folders
   * deepest first, by this one */
  if (S_ISDIR(st.st_mode) && walk_shared(path, rm_file, FTW_PHYS, 4) != 0)
    return -1;
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
  if ((flag != FTW_F && flag != FTW_DP) || !mine(path))
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
  /* the fsyncs by four threads: each mostly waits for the device, and the waits overlap */
  int rc = walk_shared(path, sync_one, FTW_DEPTH | FTW_PHYS, 4);
  int e = errno;
  memset(&walk, 0, sizeof walk);
  errno = e;
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
