/* files.h: folders and files: mkdir -p, rm -rf, fsync of a tree. */
#ifndef FC_FILES_H
#define FC_FILES_H

#include <stddef.h>

/* fsync every file and folder under path; 0 or -1 with errno. */
int fc_sync_tree(const char *path);
/* The same, but the files listed in synced (paths relative to path, sorted by strcmp) are left
 * alone: they were fsynced where they were written. Every folder is fsynced all the same (its
 * entries may have changed since). */
int fc_sync_tree_except(const char *path, const char *const *synced, size_t nsynced);
/* rm -rf. */
int fc_remove_tree(const char *path);
/* mkdir -p. */
int fc_mkdirs(const char *path);

/* <folder of the running executable>/name when that folder exists, else a copy of fallback; NULL
 * on out of memory. Caller frees. */
char *fc_beside_exe(const char *name, const char *fallback);

#endif
