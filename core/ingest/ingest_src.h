/* ingest_src.h: the scanner over a byte source, for the file readers (ingest_files.c). */
#ifndef FC_INGEST_SRC_H
#define FC_INGEST_SRC_H

#include "gzread.h"
#include "ingest.h"

/* Scans the CSV data src yields (header first) into in, as one file named name. *clean_end (may be
 * NULL) is set to 1 when the data ended right after a complete record, with nothing left over, the
 * header read and no error: the next byte would start a record. */
fc_status fc_ingest_src(fc_ingest *in, const char *name, fc_src *src, int *clean_end);

#endif
