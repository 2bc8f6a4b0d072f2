/* numfmt.h: numbers as text without printf, byte for byte what printf writes, for the writers of
 * large outputs (summary.json, the CSV files). */
#ifndef FC_NUMFMT_H
#define FC_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* v as printf's "%llu" / "%lld"; buf holds at least 21 bytes. Returns the length (no NUL written). */
size_t fc_fmt_u64(char *buf, uint64_t v);
size_t fc_fmt_i64(char *buf, int64_t v);
/* v % 10^width as exactly width digits, zero-padded (printf's "%0*llu" of a value that fits). Returns
 * width (no NUL written). */
size_t fc_fmt_digits(char *buf, uint64_t v, int width);
/* v as printf's "%.*f" with decimals digits (the double's exact value rounded half to even, a '-'
 * when its sign bit is set, "-0.000000" included), for finite |v| < 9e18 and 0 <= decimals <= 9;
 * buf holds at least 32 bytes. Returns the length (no NUL written), or 0 outside that range (the
 * caller then uses printf). */
size_t fc_fmt_fixed(char *buf, double v, int decimals);

#endif
