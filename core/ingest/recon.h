/* recon.h: what the ingest counts for the reconciliation report (reconciliation.csv): the invoice
 * (bill_invoice_id) of every fact, the rows and dollars skipped as non-Bedrock per billing period
 * and invoice, and the rows and malformed rows of every file. Counted in the host beside the fact
 * table, per small key: the fact table and the plugins never see the invoice. */
#ifndef FC_RECON_H
#define FC_RECON_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "finops/plugin.h"

/* Sums beyond the fact money range: other services' spend may exceed +-922 million USD. */
__extension__ typedef __int128 fc_wide;

typedef struct fc_recon_part { /* one invoice's part of a fact whose rows span invoices */
  uint32_t fact, inv;
  uint64_t rows;
  fc_money cost;
} fc_recon_part;

typedef struct fc_recon_skip { /* non-Bedrock rows of one billing period and invoice */
  int32_t period;              /* YYYYMM; 0 when unreadable */
  uint32_t inv;
  uint64_t rows;
  uint64_t unreadable; /* rows whose cost could not be read (counted, no dollars) */
  fc_wide cost;
} fc_recon_skip;

typedef struct fc_recon_file {
  uint32_t name; /* string id */
  uint64_t rows, malformed, skipped;
} fc_recon_file;

#define FC_RECON_MIXED UINT32_MAX

typedef struct fc_recon {
  fc_strtab strings;   /* invoice ids and file names */
  uint32_t *fact_inv;  /* per fact: invoice string id + 1 (0 = none seen), FC_RECON_MIXED = see parts */
  size_t fact_cap;     /* entries allocated */
  fc_recon_part *part; /* facts with rows on several invoices */
  size_t npart, part_cap;
  fc_htab part_index; /* (fact, invoice) -> index in part */
  fc_recon_skip *skip;
  size_t nskip, skip_cap;
  fc_recon_file *file;
  size_t nfile, file_cap;
  /* the current file's header: field index of cost, invoice, period start and usage start (-1) */
  long col[4];
  long ncol_need; /* fields to walk in a skipped row */
  /* the last invoice seen, to skip interning when rows repeat it */
  uint32_t last_inv;
  char last_buf[96];
  size_t last_len;
  int last_ok;
  int skip_last;     /* index of the last skip entry used + 1 */
  char last_day[10]; /* the date part of the last skipped row's period (or usage) start */
  int last_day_ok;
  int32_t last_period;
  int read_invoices; /* the current file has a bill_invoice_id column */
  int any_csv;       /* a CSV file was scanned natively (skipped and malformed rows are known) */
} fc_recon;

fc_status fc_recon_init(fc_recon *r);
void fc_recon_free(fc_recon *r);
/* A file's header: colmap maps header field index to fc_cur_col (-1 = not read). */
void fc_recon_header(fc_recon *r, const int *colmap, size_t n);
/* A Bedrock row summed into fact `fact`, from invoice inv[0..n). FC_OK or FC_ERR_NOMEM. */
fc_status fc_recon_row(fc_recon *r, const fc_facts *facts, size_t fact, const char *inv, size_t n,
                       fc_money cost);
/* A row skipped as non-Bedrock: rec[0..n) is the raw record (line break optional). */
fc_status fc_recon_skipped(fc_recon *r, const char *rec, size_t n);
/* The same, rec[0..n) without its line break, when the offsets of its first ncomma commas are
 * known, all before the first '"' of the record (quoted: the record has one): the fields are read
 * from them when they reach the fields wanted (fc_recon_ncomma), else as fc_recon_skipped does. */
fc_status fc_recon_skipped_at(fc_recon *r, const char *rec, size_t n, const uint32_t *comma, size_t ncomma,
                              int quoted);
/* One file done: its data rows, malformed and skipped rows. */
fc_status fc_recon_file_done(fc_recon *r, const char *name, uint64_t rows, uint64_t malformed,
                             uint64_t skipped);
/* Folds the counts of `part`, a part of the inputs read into a fact table of its own, into r, as
 * if r had read its rows, one fact at a time as the merge adds them (so that the part's facts can
 * be let go as they are merged): begin with the part's fact count; then, in the part's order, for
 * each part fact i (x, read before it is let go) once the merged table `facts` holds its rows in
 * fact `merged`; then end: skipped rows are summed per period and invoice, the part's files are
 * appended, its first one summed into r's last when same_file (the next cut of one file). Each
 * returns FC_OK or FC_ERR_NOMEM; end and abort free the state. */
typedef struct fc_recon_merge_state {
  fc_recon *r;
  const fc_recon *part;
  size_t nfacts;
  uint32_t *ids;        /* the part's string id -> r's (UINT32_MAX: not yet interned) */
  size_t *first, *next; /* the part's invoice parts per fact, in the order it met them */
} fc_recon_merge_state;
fc_status fc_recon_merge_begin(fc_recon_merge_state *m, fc_recon *r, const fc_recon *part, size_t nfacts);
fc_status fc_recon_merge_fact(fc_recon_merge_state *m, const fc_facts *facts, size_t i, const fc_fact *x,
                              uint32_t merged);
fc_status fc_recon_merge_end(fc_recon_merge_state *m, int same_file);
void fc_recon_merge_abort(fc_recon_merge_state *m);
/* Facts are about to be sorted: reorders the per-fact invoices the same way (facts are sorted by
 * this call). FC_OK or FC_ERR_NOMEM (then nothing is sorted). */
fc_status fc_recon_sort_facts(fc_recon *r, fc_facts *facts);
/* The invoice string of fact i's rows when they are on one invoice ("" when none was read), or
 * NULL when they span invoices (see parts). */
const char *fc_recon_fact_invoice(const fc_recon *r, size_t i);

#endif
