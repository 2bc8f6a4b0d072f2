/* files.h: folders and files: mkdir -p, rm -rf, fsync of a tree. */
#ifndef FC_FILES_H
#define FC_FILES_H

/* fsync every file and folder under path; 0 or -1 with errno. */
int fc_sync_tree(const char *path);
/* rm -rf. */
int fc_remove_tree(const char *path);
/* mkdir -p. */
int fc_mkdirs(const char *path);

/* <folder of the running executable>/name when that folder exists, else a copy of fallback; NULL
 * on out of memory. Caller frees. */
char *fc_beside_exe(const char *name, const char *fallback);

#endif
