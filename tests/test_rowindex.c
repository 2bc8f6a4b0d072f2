/* test_rowindex.c: a pack's view made with the index of rows by node (fc_view_make_indexed) holds
 * exactly the rows, in the same order, that asking the one scope rule (fc_scope_contains) of every
 * row gives (fc_view_make): for every node of the demo's hierarchy as the pack's node, every node
 * (and the organisation, -1) as a row's node, a plain result and a task list whose tasks of nodes
 * above reach the people they are assigned to. An index of an older state of the store is not
 * used. */
#include <stdlib.h>

#include "check.h"
#include "packs.h"

static uint64_t state = 0x2545F4914F6CDD1Dull;
static uint64_t next(void) {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

/* 0 when the two views hold the same rows of every table in the same order */
static int differ(const fc_view *a, const fc_view *b) {
  if (a->n != b->n)
    return 1;
  for (size_t i = 0; i < a->n; i++) {
    if (a->v[i].t != b->v[i].t || a->v[i].n != b->v[i].n)
      return 1;
    for (size_t k = 0; k < a->v[i].n; k++)
      if (fc_view_row(&a->v[i], k) != fc_view_row(&b->v[i], k))
        return 1;
  }
  return 0;
}

int main(void) {
  fc_config cfg;
  fc_diags d;
  memset(&d, 0, sizeof d);
  fc_status st = fc_config_load(FC_TEST_DATA "/../../examples/demo/finops.yaml", &cfg, &d);
  CHECK_INT(st, FC_OK);
  if (st)
    return fc_check_done("test_rowindex");
  int nn = (int)cfg.nnodes;
  CHECK(nn >= 5 && cfg.npeople >= 3);
  fc_results res;
  fc_results_init(&res);
  fc_column cols[] = {{"assignee", FC_COL_TEXT}, {"k", FC_COL_INT}};
  fc_table *plain = NULL, *tasks = NULL;
  CHECK_INT(fc_results_create(&res, "t", "t.plain", cols, 2, &plain), FC_OK);
  CHECK_INT(fc_results_create(&res, "t", "t.tasks", cols, 2, &tasks), FC_OK);
  tasks->uses |= 1u << FC_USE_TASKS;
  tasks->assignee_col = 0;
  /* one row of every node first, then rows of random nodes in random order */
  for (int k = 0; k < 3000; k++) {
    int node = k <= nn ? k - 1 : (int)(next() % (uint64_t)(nn + 1)) - 1;
    char who[300];
    const char *email = cfg.people[next() % cfg.npeople].email;
    switch (next() % 4) {
    case 0:
      snprintf(who, sizeof who, "%s", email);
      break;
    case 1:
      snprintf(who, sizeof who, "someone@example.org; %s", email);
      break;
    case 2:
      snprintf(who, sizeof who, "someone@example.org");
      break;
    default:
      who[0] = '\0';
    }
    fc_value v[2];
    v[0].s = who;
    v[1].i = k;
    CHECK_INT(fc_results_append(&res, plain, node, v), FC_OK);
    CHECK_INT(fc_results_append(&res, tasks, (node + 7) % (nn + 1) - 1, v), FC_OK);
  }
  fc_row_index ix;
  CHECK_INT(fc_row_index_build(&ix, &res, &cfg), FC_OK);
  int bad_views = 0, bad_pairs = 0, reached_above = 0;
  for (int node = -1; node < nn; node++) {
    fc_view a, b;
    CHECK_INT(fc_view_make(&res, &cfg, NULL, 202611, 0, node, &a), FC_OK);
    CHECK_INT(fc_view_make_indexed(&res, &cfg, NULL, 202611, 0, node, &ix, &b), FC_OK);
    bad_views += differ(&a, &b);
    /* the plain result: a row is in the view exactly when the scope rule says so */
    const fc_view_table *vt = &b.v[0];
    size_t j = 0;
    for (size_t r = 0; r < plain->nrows; r++) {
      int in = j < vt->n && fc_view_row(vt, j) == r;
      j += (size_t)in;
      bad_pairs += in != fc_scope_contains(&cfg, plain->nodes[r], node);
    }
    /* the task list: some task of a node above reached a pack (the index's second path ran) */
    for (size_t k = 0; k < b.v[1].n; k++)
      reached_above += !fc_scope_contains(&cfg, tasks->nodes[fc_view_row(&b.v[1], k)], node);
    fc_view_free(&a);
    fc_view_free(&b);
  }
  CHECK_INT(bad_views, 0);
  CHECK_INT(bad_pairs, 0);
  CHECK(reached_above > 0);
  /* a row appended after the index was built: the index no longer fits and is not used */
  fc_value v[2];
  v[0].s = "";
  v[1].i = -1;
  CHECK_INT(fc_results_append(&res, plain, nn - 1, v), FC_OK);
  fc_view a, b;
  CHECK_INT(fc_view_make(&res, &cfg, NULL, 202611, 0, -1, &a), FC_OK);
  CHECK_INT(fc_view_make_indexed(&res, &cfg, NULL, 202611, 0, -1, &ix, &b), FC_OK);
  CHECK_INT(differ(&a, &b), 0);
  CHECK_INT(b.v[0].n, plain->nrows);
  fc_view_free(&a);
  fc_view_free(&b);
  fc_row_index_free(&ix);
  fc_results_free(&res);
  fc_config_free(&cfg);
  fc_diags_free(&d);
  return fc_check_done("test_rowindex");
}
