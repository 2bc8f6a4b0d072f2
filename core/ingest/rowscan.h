/* rowscan.h: one pass over a CSV record for the scanner (ingest.c): where its line ends, the
 * parity of its quotes, whether the row needle ("Bedrock") occurs in it and where its first
 * commas are, 16 or 32 bytes at a time; and a strict field splitter for well-formed records that
 * gives exactly the fields libcsv gives (CSV_STRICT), or declines so libcsv decides. */
#ifndef FC_ROWSCAN_H
#define FC_ROWSCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct fc_rowscan {
  size_t end;    /* offset of the first line break, or n when there is none */
  int parity;    /* parity of the '"' bytes in [0, end) */
  int needle;    /* FC_RULE_ROW_NEEDLE lies whole in [0, end) */
  size_t ncomma; /* commas recorded: the first ones of [0, end), all before any '"' */
  int quoted;    /* a '"' occurs in [0, end) */
} fc_rowscan;

/* Scans p[0..n) up to its first line break. Records in comma[] the offsets of up to maxc commas
 * that come before the first '"' (so each is a field separator). */
void fc_row_scan(const char *p, size_t n, uint32_t *comma, size_t maxc, fc_rowscan *out);
/* The same without the AVX2 path fc_row_scan takes where the processor has it (tests compare). */
void fc_row_scan_base(const char *p, size_t n, uint32_t *comma, size_t maxc, fc_rowscan *out);

/* One field of a split record: bytes s[0..n) of the record, quoted with doubled quotes inside
 * (esc) or not. */
typedef struct fc_rowfield {
  uint32_t off, len;
  int esc;
} fc_rowfield;

/* Splits the record body rec[0..n) (its line break removed) into fields the way libcsv does in
 * strict mode, when the record is plainly well formed: every field either unquoted, without '"',
 * '\r', '\n' and without a space or tab at either end, or quoted from its first byte to a closing
 * quote followed by a comma or the end. Calls field(user, i, f) for each field i in order and
 * returns the number of fields; returns 0 for any other record, which libcsv must then read (it may
 * trim, fail or see several rows): the fields given so far are then to be forgotten. n < 2^32. */
size_t fc_row_split(const char *rec, size_t n, void (*field)(void *user, size_t i, const fc_rowfield *f),
                    void *user);

/* Parity of the number of '"' bytes in p[0..n). */
int fc_quote_parity(const char *p, size_t n);

/* Checks the framing of one record rec[0..n) (its line break included) as strict CSV: fields are
 * unquoted without quotes, or quoted with inner quotes doubled. Returns the offset of the first
 * byte that breaks the rules (an unclosed opening quote, a quote in an unquoted field, a closing
 * quote followed by something else), or (size_t)-1 when there is none, with the field count in
 * *nfields. */
size_t fc_csv_problem(const char *rec, size_t n, size_t *nfields);

#endif
