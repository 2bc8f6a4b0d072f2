/* ask_int.h: what the parts of Agent Bill (ask.c, ask_words.c, ask_spend.c, ask_govern.c) share. */
#ifndef FC_ASK_INT_H
#define FC_ASK_INT_H

#include "ask.h"

#define MAX_ROOTS 16

typedef struct subject {
  int roots[MAX_ROOTS]; /* nodes; -1 = the organisation */
  size_t n;
} subject;

typedef struct figs {
  fc_money usage, unattr, savings, savings_month, map_q, map_r, map_e, unapproved;
  int64_t tok[4];
  int64_t map_wl, map_risk_wl;
  int64_t chr;     /* cache hit rate, 10^-6 */
  int has_chr;     /* 0 when no input or cache-read tokens */
  int64_t healthy; /* 10^-6 */
} figs;

typedef struct question {
  fc_ask_kind kind;
  subject subj;
  int named_nodes; /* how many nodes the question named */
  int top;         /* 0 = all */
  char model[96];  /* a model name, or a family word ("claude"), or "" */
  char unknown[160];
} question;

typedef struct ans {
  const fc_ask *a;
  const subject *s;
  fc_sb *out;
  fc_sb src;
  char label[256];
} ans;

typedef struct item {
  const char *name;
  const char *extra;
  fc_money usd;
  int node;
} item;

typedef struct bucket {
  const char *key;
  fc_money usd;
} bucket;

int ask_in_person_scope(const fc_ask *a, int node);
void ask_subject_of_person(const fc_ask *a, subject *s);
int ask_subject_is_org(const subject *s);
int ask_row_node(const fc_ask *a, const json_t *row);
json_t *ask_result(const fc_ask *a, const char *name);
int ask_row_in(const fc_ask *a, const subject *s, const json_t *row, int exact);
void ask_subject_label(const fc_ask *a, const subject *s, fc_sb *b);
void ask_src_node(const fc_ask *a, const subject *s, fc_sb *src, const char *field);
void ask_src_add(fc_sb *src, const char *text);
char *ask_usd(fc_money v, char *buf);
char *ask_count(int64_t v, char *buf);
char *ask_pct(int64_t ppm, char *buf);
int64_t ask_ratio_ppm(int64_t num, int64_t den);
const char *ask_number_word(int64_t n, char *buf);
extern const char *const ask_tok_keys[4];
extern const char *const ask_tok_words[4];
void ask_subject_figs(const fc_ask *a, const subject *s, figs *f);
void ask_norm(const char *s, char *out, size_t size);
int ask_dist(const char *x, const char *y);
int ask_tolerance(size_t len);
int ask_name_matches(const char *typed, const char *name);
int ask_find_node(const fc_ask *a, const char *typed);
void ask_parse_question(const fc_ask *a, const char *q, question *out);
void ask_finish(ans *x);
int ask_cmp_item(const void *p, const void *q);
int ask_cmp_abs(const void *p, const void *q);
void ask_add_items(fc_sb *b, item *it, size_t n, size_t top, fc_money total, int shares);
void ask_ans_total(ans *x);
void ask_unclaimed_sentence(ans *x, int with_command);
void ask_ans_by_workload(ans *x, int top);
void ask_ans_by_model(ans *x, const char *model, int top);
void ask_ans_by_region(ans *x, int top);
void ask_ans_cache(ans *x);
void ask_ans_tokens(ans *x);
const fc_approval *ask_approval_for(const fc_ask *a, int node);
void ask_approval_words(const fc_ask *a, const fc_approval *ap, fc_sb *b);
void ask_ans_budget(ans *x);

#endif
