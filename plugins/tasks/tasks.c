/* tasks.c: the compliance task queue (tasks.csv) from every plugin's findings (docs/map.md).
 *
 * One finding is one task, assigned to the people who should act on it together (their e-mails
 * joined by "; "): the people with the finding's assignee_role whose scope holds the finding's
 * node. When there are none, the finding walks: people of that role scoped below the node when
 * there are at most BELOW_MAX of them (an unclaimed role in an account goes to the product owners
 * under the account's node; never below the organisation as a whole), else the portfolio manager
 * whose scope holds the node, else the FinOps leader; nobody found gives a task with an empty
 * e-mail. Task ids hash kind, node path, workload and key: stable across reruns for the same
 * finding, whatever its amount. Rows are sorted by severity, dollars (largest first), id.
 *
 * usd_at_stake is counted once (docs/map.md, "At stake"): a notice that repeats another task, a
 * double claim (already counted once) and a missing estimate put nothing at stake; token overruns
 * of a workload whose dollar forecast is already over its estimate are inside that overage; and
 * the tasks of one workload together never put more at stake than the workload's month-end
 * forecast (each, by severity then amount, counts only what the earlier ones left). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

/* Optional: a source that is not loaded simply contributes nothing. */
static const char *const sources[] = {"attribution.findings", "tokens.findings", "map.findings",
                                      "policy.findings"};
static const char *const reads[] = {"?attribution.findings",
                                    "?tokens.findings",
                                    "?map.findings",
                                    "?policy.findings",
                                    "?attribution.workloads",
                                    "?tokens.workloads",
                                    NULL};
static const char *const writes[] = {"tasks.queue", "tasks.nodes", NULL};

static const char *const role_names[FC_PERSON_ROLE_COUNT] = {"finops_leader", "portfolio_manager",
                                                             "product_owner", "cloud_engineer"};

typedef struct task {
  char id[16];
  int node;
  const char *kind, *severity, *workload, *role, *email, *key, *detail;
  fc_money usd;
  int rank; /* severity order */
} task;

typedef struct tasks {
  task *v;
  size_t n, cap;
} tasks;

static int severity_rank(const char *s) {
  if (strcmp(s, "high") == 0)
    return 0;
  if (strcmp(s, "medium") == 0)
    return 1;
  return strcmp(s, "low") == 0 ? 2 : 3;
}

static int role_of(const char *s) {
  for (int r = 0; r < FC_PERSON_ROLE_COUNT; r++)
    if (strcmp(s, role_names[r]) == 0)
      return r;
  return -1;
}

/* Who sees what is the host's one scope rule (scope_contains, person_sees): a person's scope
 * "covers" a node when it holds the node's rows (the organisation's own rows, node -1, only the
 * whole-organisation scope does). */

/* Some scope entry of the person lies at or below node. */
static int below(fc_ctx *ctx, const fc_person_info *p, int node) {
  for (size_t i = 0; i < p->nscope; i++)
    if (p->scope[i] >= 0 && FC_API(ctx)->scope_contains(ctx, p->scope[i], node))
      return 1;
  return 0;
}

static uint64_t fnv(uint64_t h, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    h = (h ^ *p) * 1099511628211ULL;
  return (h ^ 0x1f) * 1099511628211ULL; /* field separator */
}

static void make_id(task *t, const char *path, unsigned salt) {
  uint64_t h = 14695981039346656037ULL;
  h = fnv(h, t->kind);
  h = fnv(h, path);
  h = fnv(h, t->workload);
  h = fnv(h, t->key);
  for (unsigned i = 0; i < salt; i++)
    h = fnv(h, "#");
  h ^= h >> 33; /* spread the last bytes into the digits kept */
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  snprintf(t->id, sizeof t->id, "T%012llx", (unsigned long long)(h >> 16));
}

/* Appends t to q, whose array grows on the heap (released when the plugin's process ends). */
static int push(tasks *q, const task *t) {
  if (q->n == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 64;
    task *v = realloc(q->v, cap * sizeof *v);
    if (!v)
      return -1;
    q->v = v;
    q->cap = cap;
  }
  q->v[q->n++] = *t;
  return 0;
}

/* The most people a finding is sent to when it walks down below its node. */
#define BELOW_MAX 5

/* Appends finding f to q as one task for all of its assignees together. */
static int assign(fc_ctx *ctx, tasks *q, const task *f, int role) {
  const fc_host_api *api = FC_API(ctx);
  size_t np = api->person_count(ctx);
  /* the steps of the walk: who is looked for, and how a scope must relate to the node */
  enum { COVERS, BELOW, ANY };
  struct {
    int role, how;
  } steps[5] = {{role, COVERS},
                {role, BELOW},
                {FC_PERSON_PORTFOLIO_MANAGER, COVERS},
                {FC_PERSON_FINOPS_LEADER, COVERS},
                {FC_PERSON_FINOPS_LEADER, ANY}};
  for (int s = 0; s < 5; s++) {
    if (steps[s].role < 0 || (s == 2 && (role == FC_PERSON_FINOPS_LEADER || role < 0)))
      continue; /* a FinOps leader's finding does not go down to a portfolio manager */
    if (steps[s].how == BELOW) {
      /* Down the hierarchy only from a node (everyone is below the organisation) and only to a
       * few people: a finding sent to a crowd is nobody's; it goes up instead. */
      size_t n = 0;
      for (size_t i = 0; f->node >= 0 && i < np; i++) {
        const fc_person_info *p = api->person(ctx, i);
        n += (int)p->role == steps[s].role && below(ctx, p, f->node);
      }
      if (n == 0 || n > BELOW_MAX)
        continue;
    }
    char *emails = NULL;
    size_t len = 0;
    for (size_t i = 0; i < np; i++) {
      const fc_person_info *p = api->person(ctx, i);
      if ((int)p->role != steps[s].role)
        continue;
      int ok = steps[s].how == COVERS  ? api->person_sees(ctx, i, f->node)
               : steps[s].how == BELOW ? below(ctx, p, f->node)
                                       : 1;
      if (!ok)
        continue;
      /* a person listed twice is named once */
      int dup = 0;
      for (const char *e = emails; e && *e && !dup;) {
        size_t l = strcspn(e, ";");
        dup = l == strlen(p->email) && strncmp(e, p->email, l) == 0;
        e += l;
        e += strspn(e, "; ");
      }
      if (dup)
        continue;
      size_t el = strlen(p->email);
      char *x = api->alloc(ctx, len + el + 3);
      if (!x)
        return -1;
      if (len)
        memcpy(x, emails, len);
      if (len) {
        memcpy(x + len, "; ", 2);
        len += 2;
      }
      memcpy(x + len, p->email, el + 1);
      len += el;
      emails = x;
    }
    if (emails) {
      task t = *f;
      t.role = role_names[steps[s].role];
      t.email = emails;
      return push(q, &t);
    }
  }
  task t = *f;
  t.role = role >= 0 ? role_names[role] : role_names[FC_PERSON_FINOPS_LEADER];
  t.email = "";
  return push(q, &t);
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

/* The money a finding puts at stake once (docs/map.md, "At stake"), before the workload cap. */
static fc_money stake_of(const tasks *q, size_t i) {
  const task *t = &q->v[i];
  if (ends_with(t->kind, "_notice") || strcmp(t->kind, "double_claim") == 0 ||
      strcmp(t->kind, "no_estimate") == 0)
    return 0;
  if (strcmp(t->kind, "tokens_over_estimate") == 0)
    for (size_t k = 0; k < q->n; k++)
      if (strcmp(q->v[k].kind, "forecast_over_estimate") == 0 && strcmp(q->v[k].workload, t->workload) == 0 &&
          t->workload[0])
        return 0;
  return t->usd;
}

/* The month-end forecast (else the usage) of workload `id`, from tokens.workloads or
 * attribution.workloads; FC_NULL_INT when neither has it. */
static fc_money workload_cap(fc_ctx *ctx, const char *id) {
  const fc_host_api *api = FC_API(ctx);
  static const char *const src[][2] = {{"tokens.workloads", "forecast_usd"},
                                       {"attribution.workloads", "usage_usd"}};
  for (size_t s = 0; s < 2; s++) {
    const fc_table *t = api->table_find(ctx, src[s][0]);
    int ci = t ? fck_col(api, t, "workload_id", FC_COL_TEXT) : -1;
    int cv = t ? fck_col(api, t, src[s][1], FC_COL_MONEY) : -1;
    for (size_t r = 0; ci >= 0 && cv >= 0 && r < api->table_rows(t); r++) {
      const char *w = api->table_cell(t, r, (size_t)ci).s;
      fc_money v = api->table_cell(t, r, (size_t)cv).i;
      if (w && strcmp(w, id) == 0 && v != FC_NULL_INT)
        return v;
    }
  }
  return FC_NULL_INT;
}

static int cmp_id(const void *x, const void *y) {
  const task *a = x, *b = y;
  int c = strcmp(a->id, b->id);
  if (c)
    return c;
  /* equal ids: a deterministic order of everything else */
  if ((c = strcmp(a->detail, b->detail)))
    return c;
  if (a->usd != b->usd)
    return a->usd < b->usd ? -1 : 1;
  return strcmp(a->severity, b->severity);
}

/* Queue positions by workload id, then by position (the queue being sorted: sorting). */
static const tasks *sorting;
static int cmp_by_workload(const void *x, const void *y) {
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  int c = strcmp(sorting->v[a].workload, sorting->v[b].workload);
  return c ? c : a < b ? -1 : a > b;
}

static int cmp_queue(const void *x, const void *y) {
  const task *a = x, *b = y;
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (a->usd != b->usd)
    return a->usd > b->usd ? -1 : 1;
  return strcmp(a->id, b->id);
}

static const char *text(const fc_host_api *api, const fc_table *t, size_t r, int c) {
  const char *s = api->table_cell(t, r, (size_t)c).s;
  return s ? s : "";
}

static fc_status tasks_run(fc_ctx *ctx, tasks *qp);

static fc_status tasks_process(fc_ctx *ctx, void *state) {
  (void)state;
  tasks q = {NULL, 0, 0};
  fc_status st = tasks_run(ctx, &q);
  free(q.v);
  return st;
}

static fc_status tasks_run(fc_ctx *ctx, tasks *q) {
  const fc_host_api *api = FC_API(ctx);
  fc_status st;
  for (size_t si = 0; si < sizeof sources / sizeof sources[0]; si++) {
    const fc_table *t = api->table_find(ctx, sources[si]);
    if (!t)
      continue;
    static const char *const names[] = {"kind", "severity", "workload_id", "assignee_role", "key", "detail"};
    int c[6], cu = fck_col(api, t, "usd_at_stake", FC_COL_MONEY), ok = cu >= 0;
    for (int k = 0; k < 6; k++)
      ok &= (c[k] = fck_col(api, t, names[k], FC_COL_TEXT)) >= 0;
    if (!ok) {
      api->log(ctx, FC_LOG_WARN, "%s does not have the findings columns (docs/results.md); skipped",
               sources[si]);
      continue;
    }
    for (size_t r = 0; r < api->table_rows(t); r++) {
      task f;
      memset(&f, 0, sizeof f);
      f.node = api->table_row_node(t, r);
      f.kind = text(api, t, r, c[0]);
      f.severity = text(api, t, r, c[1]);
      f.workload = text(api, t, r, c[2]);
      f.key = text(api, t, r, c[4]);
      f.detail = text(api, t, r, c[5]);
      f.usd = api->table_cell(t, r, (size_t)cu).i;
      if (f.usd == FC_NULL_INT)
        f.usd = 0;
      f.rank = severity_rank(f.severity);
      const char *rs = text(api, t, r, c[3]);
      int role = role_of(rs);
      if (role < 0)
        api->log(ctx, FC_LOG_WARN, "%s: finding %s names the unknown role '%s': given to the FinOps leader",
                 sources[si], f.kind, rs);
      if (assign(ctx, q, &f, role))
        return FC_ERR_NOMEM;
    }
  }
  /* ids, unique: the findings alike in every hashed field, in id order (cmp_id), take salts 0, 1,
   * 2, ... (the ids of repeated re-salting until none is left, without a sort of the whole queue
   * for each repeat); a salted id that meets another is salted further until none does */
  for (size_t i = 0; i < q->n; i++)
    make_id(&q->v[i], q->v[i].node >= 0 ? api->node(ctx, (size_t)q->v[i].node)->path : "", 0);
  if (q->n > 1)
    qsort(q->v, q->n, sizeof *q->v, cmp_id);
  unsigned most = 0;
  for (size_t i = 1; i < q->n;) {
    if (strcmp(q->v[i].id, q->v[i - 1].id) != 0) {
      i++;
      continue;
    }
    char first[sizeof q->v[0].id];
    memcpy(first, q->v[i - 1].id, sizeof first);
    size_t s0 = i - 1;
    for (; i < q->n && strcmp(q->v[i].id, first) == 0; i++) {
      unsigned salt = (unsigned)(i - s0);
      make_id(&q->v[i], q->v[i].node >= 0 ? api->node(ctx, (size_t)q->v[i].node)->path : "", salt);
      most = salt > most ? salt : most;
    }
  }
  for (unsigned salt = most + 1, again = most > 0; again && q->n > 1; salt++) {
    again = 0;
    qsort(q->v, q->n, sizeof *q->v, cmp_id);
    for (size_t i = 1; i < q->n; i++)
      if (strcmp(q->v[i].id, q->v[i - 1].id) == 0) {
        make_id(&q->v[i], q->v[i].node >= 0 ? api->node(ctx, (size_t)q->v[i].node)->path : "", salt);
        again = 1;
      }
  }
  if (q->n > 1)
    qsort(q->v, q->n, sizeof *q->v, cmp_queue);
  /* at stake, counted once: per kind, then within each workload's month-end forecast in queue
   * order (severity, then dollars) */
  fc_money *stake = api->alloc(ctx, (q->n + 1) * sizeof *stake);
  if (!stake)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < q->n; i++)
    stake[i] = stake_of(q, i);
  /* each workload's tasks (but spend before a claim, which is unattributed: not in the workload's
   * own), in queue order, capped together by its forecast: the queue grouped by workload once */
  size_t *by_wl = api->alloc(ctx, (q->n + 1) * sizeof *by_wl), ng = 0;
  if (!by_wl)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < q->n; i++)
    if (q->v[i].workload[0] && strcmp(q->v[i].kind, "before_claim") != 0)
      by_wl[ng++] = i;
  sorting = q;
  qsort(by_wl, ng, sizeof *by_wl, cmp_by_workload);
  sorting = NULL;
  for (size_t g = 0; g < ng;) {
    size_t e = g + 1;
    while (e < ng && strcmp(q->v[by_wl[e]].workload, q->v[by_wl[g]].workload) == 0)
      e++;
    fc_money left = workload_cap(ctx, q->v[by_wl[g]].workload);
    for (size_t j = g; left != FC_NULL_INT && j < e; j++) {
      size_t k = by_wl[j];
      if (stake[k] > left)
        stake[k] = left > 0 ? left : 0;
      left -= stake[k];
    }
    g = e;
  }
  for (size_t i = 0; i < q->n; i++)
    q->v[i].usd = stake[i];
  if (q->n > 1)
    qsort(q->v, q->n, sizeof *q->v, cmp_queue);

  static const fc_column cols[] = {{"task_id", FC_COL_TEXT},       {"period", FC_COL_TEXT},
                                   {"node_path", FC_COL_TEXT},     {"workload_id", FC_COL_TEXT},
                                   {"kind", FC_COL_TEXT},          {"severity", FC_COL_TEXT},
                                   {"assignee_role", FC_COL_TEXT}, {"assignee_email", FC_COL_TEXT},
                                   {"usd_at_stake", FC_COL_MONEY}, {"detail", FC_COL_TEXT}};
  fc_table *tq, *tn;
  if ((st = api->table_create(ctx, "tasks.queue", cols, 10, &tq)))
    return st;
  int32_t period = api->period(ctx);
  char pbuf[16];
  snprintf(pbuf, sizeof pbuf, "%04d-%02d", (int)(period / 100) % 10000, (int)(period % 100));
  size_t nn = api->node_count(ctx);
  int64_t *counts = api->alloc(ctx, (nn + 1) * 3 * sizeof *counts);
  if (!counts)
    return FC_ERR_NOMEM;
  memset(counts, 0, (nn + 1) * 3 * sizeof *counts);
  for (size_t i = 0; i < q->n; i++) {
    const task *t = &q->v[i];
    fc_value row[10] = {{t->id, 0, 0},
                        {pbuf, 0, 0},
                        {t->node >= 0 ? api->node(ctx, (size_t)t->node)->path : "", 0, 0},
                        {t->workload, 0, 0},
                        {t->kind, 0, 0},
                        {t->severity, 0, 0},
                        {t->role, 0, 0},
                        {t->email, 0, 0},
                        {NULL, t->usd, 0},
                        {t->detail, 0, 0}};
    if ((st = api->table_append(ctx, tq, t->node, row)))
      return st;
    for (int n = t->node; n >= 0; n = api->node(ctx, (size_t)n)->parent) {
      counts[n * 3]++;
      counts[n * 3 + 1] += t->rank == 0;
      counts[n * 3 + 2] += t->email[0] == '\0';
    }
  }
  static const fc_column ncols[] = {
      {"tasks.open", FC_COL_INT}, {"tasks.high", FC_COL_INT}, {"tasks.unassigned", FC_COL_INT}};
  if ((st = api->table_create(ctx, "tasks.nodes", ncols, 3, &tn)))
    return st;
  for (size_t n = 0; n < nn; n++) {
    fc_value row[3] = {{NULL, counts[n * 3], 0}, {NULL, counts[n * 3 + 1], 0}, {NULL, counts[n * 3 + 2], 0}};
    if ((st = api->table_append(ctx, tn, (int)n, row)))
      return st;
  }
  api->log(ctx, FC_LOG_DEBUG, "%zu tasks", q->n);
  return FC_OK;
}

/* What the host gives a meaning to: the queue is the run's tasks.csv and a task list routed to its
 * assignees (each pack's tasks.csv); approvals are marked in its detail. */
static const fc_use uses[] = {{FC_USE_CSV, "tasks.queue", NULL, "tasks.csv"},
                              {FC_USE_TASKS, "tasks.queue", "assignee_email", "tasks.csv"},
                              {FC_USE_APPROVALS, "tasks.queue", "detail", NULL},
                              {FC_USE_END, NULL, NULL, NULL}};

extern const fc_stmt_decl tasks_statements[]; /* tasks_report.c */
extern const fc_sheet_decl tasks_sheets[];

static const fc_plugin_desc desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "tasks",
    .version = "1.0.0",
    .description = "the compliance task queue: every finding, one task per person who should act on it",
    .reads = reads,
    .writes = writes,
    .init = NULL,
    .process = tasks_process,
    .finish = NULL,
    .uses = uses,
    .sheets = tasks_sheets,
    .statements = tasks_statements,
};

FC_PLUGIN_DEFINE(desc)
