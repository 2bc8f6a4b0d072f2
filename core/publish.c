/* publish.c: folders: mkdir -p, rm -rf, and the atomic swap that publishes a run's output. */
#include <errno.h>
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

int fc_publish_dir(const char *tmp, const char *final) {
  struct stat st;
  if (stat(final, &st) != 0)
    return rename(tmp, final);
#ifdef SYS_renameat2
  /* RENAME_EXCHANGE (2): both names stay valid at every instant. */
  if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, final, 2) == 0)
    return fc_remove_tree(tmp);
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
    rename(old, final);
    free(old);
    errno = e;
    return -1;
  }
  int rc = fc_remove_tree(old);
  free(old);
  return rc;
}
