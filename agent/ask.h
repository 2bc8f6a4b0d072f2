/* ask.h: Agent Bill: answers to cost questions from a period's published results (summary.json),
 * scoped to one person like their pack. */
#ifndef FC_ASK_H
#define FC_ASK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "approve.h"
#include "config.h"
#include "diag.h"
#include "jread.h"

typedef enum fc_ask_kind {
  FC_ASK_TOTAL = 0,
  FC_ASK_BY_WORKLOAD,
  FC_ASK_BY_MODEL,
  FC_ASK_BY_REGION,
  FC_ASK_UNATTRIBUTED,
  FC_ASK_BUDGET,
  FC_ASK_TOKENS,
  FC_ASK_CACHE,
  FC_ASK_MAP,
  FC_ASK_UNAPPROVED,
  FC_ASK_CARD,
  FC_ASK_TASKS,
  FC_ASK_CHANGE,
  FC_ASK_APPROVE,
  FC_ASK_NKINDS,
  FC_ASK_HELP = FC_ASK_NKINDS, /* not a question it can answer: the list of what it can */
  FC_ASK_NOT_FOUND             /* names something outside the person's part (or nothing at all) */
} fc_ask_kind;

typedef struct fc_ask {
  fc_config cfg;
  int person;
  char *dir; /* <output dir>/<period> */
  char period[8], prev_period[8], as_of[11];
  int32_t as_of_day;
  json_t *sum;  /* summary.json, numbers as strings */
  json_t *prev; /* the previous period's summary.json; NULL when not published */
  json_t *manifest;
  json_t **node_obj; /* per config node: its object in sum.nodes, or NULL */
  fc_approvals approvals;
} fc_ask;

/* Opens the results of period (0: the configured period, else the latest published) for the person
 * with email. Returns 0; 2 for usage/config problems, an unknown person or no published results
 * (details in diags); 1 for I/O. Close with fc_ask_close even on failure. */
int fc_ask_open(fc_ask *a, const char *config, const char *email, int32_t period, fc_diags *diags);
void fc_ask_close(fc_ask *a);

/* Answers free text into out (1-3 sentences, then a "Source:" line). Returns the kind understood. */
fc_ask_kind fc_ask_text(fc_ask *a, const char *question, fc_sb *out);
/* Answers a question of kind k about node (a name, matched loosely within the person's scope; NULL
 * or "" = the person's whole scope), model (a name or family; NULL = all), top (0 = all). */
fc_ask_kind fc_ask_query(fc_ask *a, fc_ask_kind k, const char *node, const char *model, int top, fc_sb *out);
/* Stable identifier of a kind: "total_spend", "spend_by_workload", ... */
const char *fc_ask_kind_id(fc_ask_kind k);
/* One-line description of what a kind answers. */
const char *fc_ask_kind_help(fc_ask_kind k);
/* 1 when the person may approve spend of at least one workload. */
int fc_ask_may_approve(const fc_ask *a);

#endif
