/* variance.h: splitting the difference between actual and expected cost into volume, mix and rate
 * (docs/tokens.md, "Variance split"). Pure arithmetic, no host dependency. */
#ifndef FC_TOKENS_VARIANCE_H
#define FC_TOKENS_VARIANCE_H

#include <stddef.h>
#include <stdint.h>

/* Kinds of an item: the token types, and usage that carries no tokens (guardrails, images, usage
 * types of unknown shape). */
enum { FCV_INPUT, FCV_OUTPUT, FCV_CACHE_READ, FCV_CACHE_WRITE, FCV_CACHE_WRITE_1H, FCV_OTHER, FCV_KINDS };

/* One (model, kind) of a workload: what the baseline expected and what happened. Money in 1e-10
 * USD, prices in 1e-10 USD per token. */
typedef struct fcv_item {
  int32_t model;
  int kind;
  double q0, c0; /* baseline tokens and cost, before scaling to the expected dollars */
  double q1;     /* actual tokens */
  int64_t c1;    /* actual cost */
  double list;   /* the on-demand list price of a token of this kind and model; < 0 when none */
} fcv_item;

typedef struct fcv_split {
  int64_t expected, actual, difference, volume, mix, rate; /* difference = volume + mix + rate */
  int64_t tokens0, tokens1;                                /* expected and actual tokens (all types) */
  int blend; /* 1 when the baseline has a token blend; 0: the difference is volume and mix alone */
} fcv_split;

/* The split of actual - expected. The baseline items are scaled so that their cost adds up to
 * expected; volume and mix are rounded to 1e-10 USD, rate is the rest, so the three add up to the
 * difference exactly. items are modified (scaled). */
void fcv_split_items(fcv_item *items, size_t n, int64_t expected, int64_t actual, fcv_split *out);

#endif
