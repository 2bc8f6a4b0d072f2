/* duckdb_load.h: DuckDB's C library (libduckdb.so), opened with dlopen the first time a run needs it
 * (a Parquet or s3:// input, inputs.engine: duckdb, finops --version, finops check of a Parquet input), so a
 * CSV run never maps it. The functions the core calls are looked up once into one table; their types come
 * from duckdb.h, so every call is checked against the header this finops was built with.
 *
 * Where the library is looked for, in order (the first that loads wins):
 *   1. $FINOPS_DUCKDB_LIB, when set: that file only;
 *   2. the installed layout, relative to the executable: <bindir>/../<libdir>/finops/libduckdb.so;
 *   3. the build tree's copy (third_party/duckdb/lib/libduckdb.so, compiled in). */
#ifndef FC_DUCKDB_LOAD_H
#define FC_DUCKDB_LOAD_H

#ifdef FC_HAVE_DUCKDB
#include <duckdb.h>

/* The functions the core calls, without their duckdb_ prefix: one list, for the table and the lookup. */
#define FC_DUCKDB_FUNCTIONS(X)                                                                               \
  X(library_version)                                                                                         \
  X(create_config)                                                                                           \
  X(set_config)                                                                                              \
  X(destroy_config)                                                                                          \
  X(open_ext)                                                                                                \
  X(close)                                                                                                   \
  X(connect)                                                                                                 \
  X(disconnect)                                                                                              \
  X(query)                                                                                                   \
  X(result_error)                                                                                            \
  X(destroy_result)                                                                                          \
  X(column_count)                                                                                            \
  X(row_count)                                                                                               \
  X(column_name)                                                                                             \
  X(value_is_null)                                                                                           \
  X(value_varchar)                                                                                           \
  X(free)

/* api->query has the type of duckdb_query, and so on */
#define FC_DUCKDB_FIELD(name) __typeof__(duckdb_##name) *name;
typedef struct fc_duckdb_api {
  FC_DUCKDB_FUNCTIONS(FC_DUCKDB_FIELD)
} fc_duckdb_api;
#undef FC_DUCKDB_FIELD

/* The library's functions, loaded on the first call (thread-safe); NULL when it cannot be loaded,
 * and fc_duckdb_load_error() then says what was tried and why each failed. Never unloaded. */
const fc_duckdb_api *fc_duckdb_api_get(void);
/* After a failed load, each place tried and dlerror()'s reason, for an error message. */
const char *fc_duckdb_load_error(void);
/* The file the library was loaded from, once loaded; NULL otherwise. */
const char *fc_duckdb_loaded_path(void);
#endif

#endif
