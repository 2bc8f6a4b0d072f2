/* files.c: folders and files: mkdir -p, rm -rf, and fsync of a whole tree. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* rm -rf: the tree is listed once (names and types from the folders themselves, no stat per entry
 * where the file system gives the type), its files are unlinked by RM_THREADS threads taking the
 * next one from a shared counter (an unlink mostly waits for the file system's journal and block
 * bitmaps, and the waits overlap: 0.42 s by one thread, 0.16 s by sixteen for a 1,633-file pack
 * on ext4), then the folders are removed by this thread, deepest first. */
enum { RM_THREADS = 16 };

typedef struct rm_list {
  char **v; /* the files (anything not a folder) */
  size_t n, cap;
  char **dirs; /* the folders, each after its entries */
  size_t nd, capd;
  _Atomic size_t next;
  _Atomic int err;
} rm_list;

static int push(char ***v, size_t *n, size_t *cap, char *p) {
  if (!p)
    return -1;
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 256;
    char **nv = realloc(*v, c * sizeof *nv);
    if (!nv) {
      free(p);
      return -1;
    }
    *v = nv;
    *cap = c;
  }
  (*v)[(*n)++] = p;
  return 0;
}

/* Lists what is under the folder path (open as fd, which this closes), folders after their
 * entries. ENOENT of an entry is not an error: someone else removed it. */
static int rm_collect(int fd, const char *path, rm_list *l) {
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while (rc == 0 && (errno = 0, e = readdir(d))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
      continue;
    int isdir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
          continue;
        rc = -1;
        break;
      }
      isdir = S_ISDIR(st.st_mode);
    }
    char *p = fc_asprintf("%s/%s", path, e->d_name);
    if (!p) {
      rc = -1;
      break;
    }
    if (!isdir) {
      rc = push(&l->v, &l->n, &l->cap, p);
      continue;
    }
    int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
      free(p);
      if (errno != ENOENT)
        rc = -1;
      continue;
    }
    rc = rm_collect(sub, p, l);
    if (rc == 0)
      rc = push(&l->dirs, &l->nd, &l->capd, p);
    else
      free(p);
  }
  if (rc == 0 && errno != 0 && e == NULL)
    rc = -1;
  int e2 = errno;
  closedir(d);
  errno = e2;
  return rc;
}

static void *rm_worker(void *arg) {
  rm_list *l = arg;
  for (size_t i; (i = atomic_fetch_add(&l->next, 1)) < l->n;)
    if (unlink(l->v[i]) != 0 && errno != ENOENT) {
      int zero = 0;
      atomic_compare_exchange_strong(&l->err, &zero, errno);
    }
  return NULL;
}

int fc_remove_tree(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return 0;
    if (errno == ENOTDIR || errno == ELOOP) /* a file or a symbolic link: itself */
      return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
    return -1;
  }
  rm_list l = {0};
  atomic_init(&l.next, 0);
  atomic_init(&l.err, 0);
  int rc = rm_collect(fd, path, &l), err = rc ? errno : 0;
  if (rc == 0) {
    pthread_t th[RM_THREADS];
    int started[RM_THREADS] = {0};
    size_t nt = l.n / 32 + 1; /* one thread for a small tree */
    nt = nt > RM_THREADS ? RM_THREADS : nt;
    for (size_t k = 1; k < nt; k++)
      started[k] = pthread_create(&th[k], NULL, rm_worker, &l) == 0;
    rm_worker(&l);
    for (size_t k = 1; k < nt; k++)
      if (started[k])
        pthread_join(th[k], NULL);
    if ((err = atomic_load(&l.err)) != 0)
      rc = -1;
    for (size_t i = 0; rc == 0 && i < l.nd; i++)
      if (rmdir(l.dirs[i]) != 0 && errno != ENOENT)
        rc = -1, err = errno;
    if (rc == 0 && rmdir(path) != 0 && errno != ENOENT)
      rc = -1, err = errno;
  }
  for (size_t i = 0; i < l.n; i++)
    free(l.v[i]);
  for (size_t i = 0; i < l.nd; i++)
    free(l.dirs[i]);
  free(l.v);
  free(l.dirs);
  errno = err;
  return rc;
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
