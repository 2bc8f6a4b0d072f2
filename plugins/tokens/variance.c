/* variance.c: volume, mix and rate (docs/tokens.md, "Variance split").
 *
 * Items i are (model, token kind) pairs; q = tokens, c = cost, p = cost per token. With baseline
 * (0) and actual (1), over the token kinds:
 *   Q = sum q,  P0 = C0 / Q0 (the baseline's average price of a token)
 *   volume = (Q1 - Q0) x P0                       more or fewer tokens, at the baseline's blend
 *   mix    = sum q1 x p0 - Q1 x P0 + (N1 - N0)     the actual blend at baseline prices, against the
 *                                                  baseline blend; N = cost without tokens
 *   rate   = actual - expected - volume - mix      = sum q1 x (p1 - p0), plus the rounding
 * p0 of an item is the baseline's price of it; an item the baseline did not use is valued at its
 * list price, or, without one, at what it cost (so it shows no rate). */
#include "variance.h"

#include <math.h>
#include <string.h>

static int64_t round_money(double v) { return (int64_t)llround(v); }

void fcv_split_items(fcv_item *it, size_t n, int64_t expected, int64_t actual, fcv_split *out) {
  memset(out, 0, sizeof *out);
  out->expected = expected;
  out->actual = actual;
  out->difference = actual - expected;
  double c0 = 0;
  for (size_t i = 0; i < n; i++)
    c0 += it[i].c0;
  double scale = c0 > 0 ? (double)expected / c0 : 0;
  double q0 = 0, q1 = 0, c0t = 0, n0 = 0, n1 = 0, v1 = 0;
  for (size_t i = 0; i < n; i++) {
    it[i].q0 *= scale;
    it[i].c0 *= scale;
    if (it[i].kind == FCV_OTHER) {
      n0 += it[i].c0;
      n1 += (double)it[i].c1;
      continue;
    }
    double p0 = it[i].q0 > 0      ? it[i].c0 / it[i].q0
                : it[i].list >= 0 ? it[i].list
                : it[i].q1 > 0    ? (double)it[i].c1 / it[i].q1
                                  : 0;
    q0 += it[i].q0;
    q1 += it[i].q1;
    c0t += it[i].c0;
    v1 += it[i].q1 * p0;
  }
  double volume, mix;
  if (q0 > 0) {
    volume = c0t * (q1 / q0 - 1);
    mix = v1 - c0t * q1 / q0 + (n1 - n0);
    out->blend = 1;
  } else {
    /* no baseline blend (no priced usage to size the estimate on): what was expected is gone in
     * volume, the tokens bought instead are volume at their list prices */
    double gone = c0 > 0 ? c0t : (double)expected;
    volume = v1 - gone;
    mix = n1 - (c0 > 0 ? n0 : 0);
  }
  out->volume = round_money(volume);
  out->mix = round_money(mix);
  out->rate = out->difference - out->volume - out->mix;
  out->tokens0 = (int64_t)llround(q0);
  out->tokens1 = (int64_t)llround(q1);
}
