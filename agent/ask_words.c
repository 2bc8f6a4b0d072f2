/* ask_words.c: Agent Bill reading a question: its words, the vocabulary and the names it matches. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask_int.h"
#include "packs.h"
#include "util.h"

/* ---- the question's words ---- */

enum { W_STOP = -1, W_RANK = -2, W_FAMILY = -3, W_REGION = -4 };

typedef struct vword {
  const char *w;
  int kind; /* fc_ask_kind or W_* */
  int weight;
} vword;

static const vword vocab[] = {
    {"total", FC_ASK_TOTAL, 3},
    {"spend", FC_ASK_TOTAL, 1},
    {"spending", FC_ASK_TOTAL, 1},
    {"spent", FC_ASK_TOTAL, 1},
    {"cost", FC_ASK_TOTAL, 1},
    {"costs", FC_ASK_TOTAL, 1},
    {"costing", FC_ASK_TOTAL, 1},
    {"bill", FC_ASK_TOTAL, 1},
    {"pay", FC_ASK_TOTAL, 1},
    {"paying", FC_ASK_TOTAL, 1},
    {"paid", FC_ASK_TOTAL, 1},
    {"much", FC_ASK_TOTAL, 1},
    {"application", FC_ASK_BY_WORKLOAD, 3},
    {"applications", FC_ASK_BY_WORKLOAD, 3},
    {"app", FC_ASK_BY_WORKLOAD, 3},
    {"apps", FC_ASK_BY_WORKLOAD, 3},
    {"workload", FC_ASK_BY_WORKLOAD, 3},
    {"workloads", FC_ASK_BY_WORKLOAD, 3},
    {"product", FC_ASK_BY_WORKLOAD, 3},
    {"products", FC_ASK_BY_WORKLOAD, 3},
    {"project", FC_ASK_BY_WORKLOAD, 2},
    {"projects", FC_ASK_BY_WORKLOAD, 2},
    {"team", FC_ASK_BY_WORKLOAD, 2},
    {"teams", FC_ASK_BY_WORKLOAD, 2},
    {"department", FC_ASK_BY_WORKLOAD, 2},
    {"departments", FC_ASK_BY_WORKLOAD, 2},
    {"portfolio", W_STOP, 0},
    {"portfolios", FC_ASK_BY_WORKLOAD, 2},
    {"model", FC_ASK_BY_MODEL, 3},
    {"models", FC_ASK_BY_MODEL, 3},
    {"foundation", FC_ASK_BY_MODEL, 2},
    {"llm", FC_ASK_BY_MODEL, 2},
    {"llms", FC_ASK_BY_MODEL, 2},
    {"claude", W_FAMILY, 2},
    {"nova", W_FAMILY, 2},
    {"titan", W_FAMILY, 2},
    {"llama", W_FAMILY, 2},
    {"sonnet", W_FAMILY, 2},
    {"haiku", W_FAMILY, 2},
    {"opus", W_FAMILY, 2},
    {"mistral", W_FAMILY, 2},
    {"cohere", W_FAMILY, 2},
    {"deepseek", W_FAMILY, 2},
    {"anthropic", W_FAMILY, 2},
    {"meta", W_FAMILY, 2},
    {"amazon", W_STOP, 0},
    {"region", FC_ASK_BY_REGION, 3},
    {"regions", FC_ASK_BY_REGION, 3},
    {"regional", FC_ASK_BY_REGION, 3},
    {"cross", FC_ASK_BY_REGION, 2},
    {"geographic", FC_ASK_BY_REGION, 3},
    {"geography", FC_ASK_BY_REGION, 3},
    {"global", FC_ASK_BY_REGION, 2},
    {"location", FC_ASK_BY_REGION, 2},
    {"locations", FC_ASK_BY_REGION, 2},
    {"east", W_REGION, 0},
    {"west", W_REGION, 0},
    {"central", W_REGION, 0},
    {"north", W_REGION, 0},
    {"south", W_REGION, 0},
    {"same", W_STOP, 0},
    {"cache", FC_ASK_CACHE, 4},
    {"cached", FC_ASK_CACHE, 4},
    {"caching", FC_ASK_CACHE, 4},
    {"hit", FC_ASK_CACHE, 2},
    {"hits", FC_ASK_CACHE, 2},
    {"token", FC_ASK_TOKENS, 4},
    {"tokens", FC_ASK_TOKENS, 4},
    {"input", FC_ASK_TOKENS, 2},
    {"inputs", FC_ASK_TOKENS, 2},
    {"output", FC_ASK_TOKENS, 2},
    {"outputs", FC_ASK_TOKENS, 2},
    {"budget", FC_ASK_BUDGET, 4},
    {"budgets", FC_ASK_BUDGET, 4},
    {"estimate", FC_ASK_BUDGET, 3},
    {"estimates", FC_ASK_BUDGET, 3},
    {"estimated", FC_ASK_BUDGET, 3},
    {"forecast", FC_ASK_BUDGET, 4},
    {"forecasts", FC_ASK_BUDGET, 4},
    {"forecasted", FC_ASK_BUDGET, 4},
    {"projected", FC_ASK_BUDGET, 3},
    {"projection", FC_ASK_BUDGET, 3},
    {"over", FC_ASK_BUDGET, 1},
    {"under", FC_ASK_BUDGET, 1},
    {"within", FC_ASK_BUDGET, 2},
    {"overspend", FC_ASK_BUDGET, 3},
    {"overspending", FC_ASK_BUDGET, 3},
    {"overrun", FC_ASK_BUDGET, 3},
    {"exceed", FC_ASK_BUDGET, 3},
    {"exceeding", FC_ASK_BUDGET, 3},
    {"pace", FC_ASK_BUDGET, 2},
    {"track", FC_ASK_BUDGET, 1},
    {"map", FC_ASK_MAP, 5},
    {"credits", FC_ASK_MAP, 3},
    {"credit", FC_ASK_MAP, 3},
    {"migration", FC_ASK_MAP, 3},
    {"migrated", FC_ASK_MAP, 3},
    {"qualify", FC_ASK_MAP, 3},
    {"qualifying", FC_ASK_MAP, 3},
    {"qualifies", FC_ASK_MAP, 3},
    {"eligible", FC_ASK_MAP, 2},
    {"risk", FC_ASK_MAP, 2},
    {"unclaimed", FC_ASK_UNATTRIBUTED, 5},
    {"unattributed", FC_ASK_UNATTRIBUTED, 5},
    {"unallocated", FC_ASK_UNATTRIBUTED, 5},
    {"unowned", FC_ASK_UNATTRIBUTED, 5},
    {"orphan", FC_ASK_UNATTRIBUTED, 4},
    {"orphaned", FC_ASK_UNATTRIBUTED, 4},
    {"claim", FC_ASK_UNATTRIBUTED, 3},
    {"claims", FC_ASK_UNATTRIBUTED, 3},
    {"roles", FC_ASK_UNATTRIBUTED, 1},
    {"role", W_STOP, 0},
    {"unapproved", FC_ASK_UNAPPROVED, 6},
    {"approved", FC_ASK_UNAPPROVED, 4},
    {"policy", FC_ASK_UNAPPROVED, 4},
    {"noncompliant", FC_ASK_UNAPPROVED, 4},
    {"allowed", FC_ASK_UNAPPROVED, 3},
    {"sanctioned", FC_ASK_UNAPPROVED, 3},
    {"card", FC_ASK_CARD, 4},
    {"report", FC_ASK_CARD, 2},
    {"score", FC_ASK_CARD, 4},
    {"scorecard", FC_ASK_CARD, 5},
    {"grade", FC_ASK_CARD, 4},
    {"graded", FC_ASK_CARD, 4},
    {"rating", FC_ASK_CARD, 3},
    {"doing", FC_ASK_CARD, 2},
    {"task", FC_ASK_TASKS, 4},
    {"tasks", FC_ASK_TASKS, 4},
    {"todo", FC_ASK_TASKS, 4},
    {"todos", FC_ASK_TASKS, 4},
    {"actions", FC_ASK_TASKS, 2},
    {"assigned", FC_ASK_TASKS, 2},
    {"change", FC_ASK_CHANGE, 4},
    {"changed", FC_ASK_CHANGE, 4},
    {"changes", FC_ASK_CHANGE, 4},
    {"since", FC_ASK_CHANGE, 2},
    {"previous", FC_ASK_CHANGE, 2},
    {"prior", FC_ASK_CHANGE, 2},
    {"compared", FC_ASK_CHANGE, 1},
    {"growth", FC_ASK_CHANGE, 3},
    {"grew", FC_ASK_CHANGE, 3},
    {"increase", FC_ASK_CHANGE, 3},
    {"increased", FC_ASK_CHANGE, 3},
    {"drove", FC_ASK_CHANGE, 3},
    {"driver", FC_ASK_CHANGE, 3},
    {"drivers", FC_ASK_CHANGE, 3},
    {"trend", FC_ASK_CHANGE, 3},
    {"difference", FC_ASK_CHANGE, 3},
    {"approve", FC_ASK_APPROVE, 8},
    {"approval", FC_ASK_APPROVE, 8},
    {"authorise", FC_ASK_APPROVE, 8},
    {"authorize", FC_ASK_APPROVE, 8},
    {"top", W_RANK, 0},
    {"most", W_RANK, 0},
    {"biggest", W_RANK, 0},
    {"largest", W_RANK, 0},
    {"highest", W_RANK, 0},
    {"leading", W_RANK, 0},
    {"rank", W_RANK, 0},
    {"ranked", W_RANK, 0},
    {"ranking", W_RANK, 0},
};

static const char *const stopwords[] = {"what",
                                        "whats",
                                        "is",
                                        "are",
                                        "am",
                                        "im",
                                        "my",
                                        "me",
                                        "we",
                                        "our",
                                        "ours",
                                        "us",
                                        "the",
                                        "of",
                                        "for",
                                        "on",
                                        "in",
                                        "by",
                                        "to",
                                        "this",
                                        "that",
                                        "these",
                                        "those",
                                        "month",
                                        "months",
                                        "monthly",
                                        "week",
                                        "quarter",
                                        "year",
                                        "so",
                                        "far",
                                        "show",
                                        "tell",
                                        "give",
                                        "list",
                                        "how",
                                        "which",
                                        "who",
                                        "where",
                                        "why",
                                        "when",
                                        "do",
                                        "does",
                                        "did",
                                        "have",
                                        "has",
                                        "had",
                                        "be",
                                        "being",
                                        "been",
                                        "and",
                                        "or",
                                        "vs",
                                        "versus",
                                        "against",
                                        "with",
                                        "from",
                                        "at",
                                        "it",
                                        "its",
                                        "ai",
                                        "bedrock",
                                        "aws",
                                        "genai",
                                        "generative",
                                        "usage",
                                        "use",
                                        "using",
                                        "used",
                                        "uses",
                                        "per",
                                        "each",
                                        "all",
                                        "any",
                                        "please",
                                        "can",
                                        "could",
                                        "would",
                                        "you",
                                        "your",
                                        "there",
                                        "many",
                                        "than",
                                        "current",
                                        "currently",
                                        "now",
                                        "today",
                                        "date",
                                        "mtd",
                                        "across",
                                        "between",
                                        "split",
                                        "breakdown",
                                        "broken",
                                        "down",
                                        "up",
                                        "out",
                                        "about",
                                        "right",
                                        "part",
                                        "organisation",
                                        "organization",
                                        "org",
                                        "company",
                                        "whole",
                                        "entire",
                                        "overall",
                                        "everything",
                                        "let",
                                        "know",
                                        "see",
                                        "get",
                                        "view",
                                        "display",
                                        "money",
                                        "dollars",
                                        "dollar",
                                        "usd",
                                        "number",
                                        "numbers",
                                        "figure",
                                        "figures",
                                        "quick",
                                        "summary",
                                        "look",
                                        "like",
                                        "looking",
                                        "rate",
                                        "ratio",
                                        "percentage",
                                        "percent",
                                        "share",
                                        "were",
                                        "was",
                                        "will",
                                        "going",
                                        "end",
                                        "type",
                                        "types",
                                        "kind",
                                        "kinds",
                                        "more",
                                        "less",
                                        "least",
                                        "one",
                                        "ones",
                                        "good",
                                        "bad",
                                        "enough",
                                        "ok",
                                        "okay",
                                        "fine",
                                        "well",
                                        "should",
                                        "need",
                                        "needs",
                                        "because",
                                        "healthy",
                                        "currently",
                                        "level",
                                        "levels",
                                        "last",
                                        "jan",
                                        "january",
                                        "feb",
                                        "february",
                                        "mar",
                                        "march",
                                        "apr",
                                        "april",
                                        "may",
                                        "jun",
                                        "june",
                                        "jul",
                                        "july",
                                        "aug",
                                        "august",
                                        "sep",
                                        "sept",
                                        "september",
                                        "oct",
                                        "october",
                                        "nov",
                                        "november",
                                        "dec",
                                        "december",
                                        "hey",
                                        "hi",
                                        "hello",
                                        "bill",
                                        "agent",
                                        "much",
                                        "costs",
                                        "spend",
                                        "an",
                                        "a",
                                        "i",
                                        "s",
                                        "vs",
                                        "being",
                                        "getting",
                                        "get",
                                        "make",
                                        "made",
                                        "making",
                                        "running",
                                        "run",
                                        "thanks",
                                        "thank",
                                        "some",
                                        "cents",
                                        "read",
                                        "write",
                                        "writes",
                                        "reads",
                                        "open",
                                        "still",
                                        "yet",
                                        "pending",
                                        "whom",
                                        "them",
                                        "they",
                                        "their",
                                        "theirs",
                                        "where",
                                        "most",
                                        "sum",
                                        "amount",
                                        "amounts",
                                        "charges",
                                        "charged",
                                        "spends",
                                        "spendings",
                                        "expensive",
                                        "expense",
                                        "expenses",
                                        "heaviest",
                                        "heavy",
                                        "every",
                                        "service",
                                        "services",
                                        "own",
                                        "mine",
                                        "already",
                                        "expected",
                                        "expect",
                                        "budgeted",
                                        "through",
                                        "thru",
                                        "end",
                                        "also",
                                        "just",
                                        "only",
                                        "then",
                                        "compare",
                                        "comparison",
                                        "drive",
                                        "driven",
                                        "driving",
                                        "went",
                                        "go",
                                        "goes",
                                        "workload",
                                        "who",
                                        "needs",
                                        "fix",
                                        "owners",
                                        "owner",
                                        "go",
                                        "ahead",
                                        "spending",
                                        "consumption",
                                        "consume",
                                        "consumed",
                                        "calls",
                                        "call",
                                        "called",
                                        "request",
                                        "requests",
                                        "costly",
                                        "done",
                                        "versus",
                                        "relative",
                                        "break",
                                        "sorted",
                                        "sort",
                                        "order",
                                        "ordered",
                                        "spenders",
                                        "spender",
                                        "top",
                                        "lot",
                                        "lots",
                                        "little",
                                        "bit",
                                        "some",
                                        "something",
                                        "anything",
                                        "other",
                                        "others",
                                        "health",
                                        "status",
                                        "state",
                                        "update",
                                        "updates",
                                        "new",
                                        "old",
                                        "since",
                                        "start",
                                        "beginning",
                                        "money",
                                        "qualify",
                                        "lose",
                                        "losing",
                                        "lost",
                                        "save",
                                        "saving",
                                        "savings",
                                        "recover",
                                        "could",
                                        "might",
                                        "into",
                                        "onto",
                                        "inference",
                                        "profile",
                                        "profiles",
                                        "tag",
                                        "tagged",
                                        "tags",
                                        "compliance",
                                        "compliant",
                                        "list",
                                        "listing",
                                        "spent",
                                        "fm",
                                        "fms",
                                        "foundational",
                                        "tracking",
                                        "overage",
                                        "overages",
                                        "excess",
                                        "alert",
                                        "alerts",
                                        "warning",
                                        "warnings",
                                        "cap",
                                        "limit",
                                        "limits",
                                        "threshold",
                                        "working",
                                        "work",
                                        "works",
                                        "worked",
                                        "outside",
                                        "inside",
                                        "effective",
                                        "efficient",
                                        "happening",
                                        "happen",
                                        "happened",
                                        "looks",
                                        "seem",
                                        "seems",
                                        "yes",
                                        "no",
                                        "not",
                                        "don",
                                        "doesn",
                                        "isn",
                                        "aren",
                                        "too",
                                        "very",
                                        "really",
                                        "exactly",
                                        "roughly",
                                        "approximately",
                                        "hey",
                                        "prompt",
                                        "prompts"};

typedef struct qword {
  char w[64];
  size_t start, end; /* byte span in the question */
  int used;          /* part of a node or model name, or a known word */
} qword;

#define MAX_QWORDS 64

static size_t split_words(const char *q, qword *w, size_t max) {
  size_t n = 0, i = 0, len = strlen(q);
  while (i < len && n < max) {
    while (i < len && !isalnum((unsigned char)q[i]))
      i++;
    if (i >= len)
      break;
    size_t s = i, o = 0;
    while (i < len && isalnum((unsigned char)q[i])) {
      if (o + 1 < sizeof w[n].w)
        w[n].w[o++] = (char)tolower((unsigned char)q[i]);
      i++;
    }
    w[n].w[o] = 0;
    w[n].start = s;
    w[n].end = i;
    w[n].used = 0;
    n++;
  }
  return n;
}

static int all_digits(const char *s) {
  for (; *s; s++)
    if (!isdigit((unsigned char)*s))
      return 0;
  return 1;
}

/* The vocabulary entry a word stands for (exact, else within typo ask_tolerance); NULL for none. Sets
 * *stop when it is a stopword instead. */
static const vword *lookup(const char *w, int *stop) {
  *stop = 0;
  size_t nv = sizeof vocab / sizeof vocab[0], ns = sizeof stopwords / sizeof stopwords[0];
  for (size_t i = 0; i < nv; i++)
    if (strcmp(w, vocab[i].w) == 0)
      return &vocab[i];
  for (size_t i = 0; i < ns; i++)
    if (strcmp(w, stopwords[i]) == 0) {
      *stop = 1;
      return NULL;
    }
  size_t l = strlen(w);
  int tol = l < 3 ? 0 : l < 8 ? 1 : 2;
  if (!tol)
    return NULL;
  const vword *best = NULL;
  int bestd = tol + 1;
  for (size_t i = 0; i < nv; i++) {
    int d = strlen(vocab[i].w) >= 4 ? ask_dist(w, vocab[i].w) : 9;
    if (d < bestd) {
      best = &vocab[i];
      bestd = d;
    }
  }
  for (size_t i = 0; i < ns; i++)
    if (strlen(stopwords[i]) >= 3 && ask_dist(w, stopwords[i]) < bestd) {
      *stop = 1;
      return NULL;
    }
  return best;
}

/* Models named in the question: the in-scope model names (from the results) matched over windows
 * of words. */

static void collect_window(const qword *w, size_t i, size_t k, char *buf, size_t size) {
  buf[0] = 0;
  for (size_t j = i; j < i + k; j++)
    strncat(buf, w[j].w, size - strlen(buf) - 1);
}

void ask_parse_question(const fc_ask *a, const char *q, question *out) {
  memset(out, 0, sizeof *out);
  qword w[MAX_QWORDS];
  size_t n = split_words(q, w, MAX_QWORDS);
  subject named = {.n = 0};
  /* 1. node names (in scope only), longest windows first */
  for (size_t k = 6; k >= 1; k--)
    for (size_t i = 0; i + k <= n; i++) {
      int free_span = 1;
      for (size_t j = i; j < i + k; j++)
        free_span &= !w[j].used;
      if (!free_span)
        continue;
      char buf[160];
      collect_window(w, i, k, buf, sizeof buf);
      if (strlen(buf) < 3 || all_digits(buf))
        continue;
      int stop;
      if (k == 1 && (lookup(buf, &stop) || stop) && !a->cfg.nnodes)
        continue;
      int node = ask_find_node(a, buf);
      if (node < 0)
        continue;
      /* a single common word is a node name only when typed exactly */
      if (k == 1 && (lookup(buf, &stop) || stop)) {
        char nn[128];
        ask_norm(a->cfg.nodes[node].name, nn, sizeof nn);
        if (strcmp(nn, buf) != 0)
          continue;
      }
      for (size_t j = i; j < i + k; j++)
        w[j].used = 1;
      int dup = 0;
      for (size_t r = 0; r < named.n; r++)
        dup |= named.roots[r] == node;
      if (!dup && named.n < MAX_ROOTS)
        named.roots[named.n++] = node;
    }
  /* 2. model names */
  json_t *models = fc_jget(a->sum, "by_model");
  size_t mi;
  json_t *m;
  for (size_t k = 5; k >= 2 && !out->model[0]; k--)
    for (size_t i = 0; i + k <= n && !out->model[0]; i++) {
      char buf[160];
      collect_window(w, i, k, buf, sizeof buf);
      json_array_foreach(models, mi, m) {
        const char *name = fc_jstr(m, "model");
        if (name && name[0] != '(' && ask_name_matches(buf, name)) {
          snprintf(out->model, sizeof out->model, "%s", name);
          for (size_t j = i; j < i + k; j++)
            w[j].used = 1;
          break;
        }
      }
    }
  /* 3. words */
  int score[FC_ASK_NKINDS] = {0};
  int rank = 0, first_u = -1, last_u = -1;
  for (size_t i = 0; i < n; i++) {
    if (all_digits(w[i].w)) {
      long v = strtol(w[i].w, NULL, 10);
      if (i > 0 && strcmp(w[i - 1].w, "top") == 0 && v > 0 && v < 1000)
        out->top = (int)v;
      continue;
    }
    if (w[i].used)
      continue;
    int stop;
    const vword *v = lookup(w[i].w, &stop);
    if (stop)
      continue;
    if (!v) {
      if (strlen(w[i].w) <= 2)
        continue;
      /* unknown: it names something (a node, a model) we do not know in this scope */
      if (first_u < 0)
        first_u = (int)i;
      last_u = (int)i;
      continue;
    }
    if (v->kind == W_RANK) {
      rank = 1;
    } else if (v->kind == W_FAMILY) {
      score[FC_ASK_BY_MODEL] += v->weight;
      if (!out->model[0]) {
        snprintf(out->model, sizeof out->model, "%s", v->w);
        out->model[0] = (char)toupper((unsigned char)out->model[0]);
      }
    } else if (v->kind >= 0) {
      score[v->kind] += v->weight;
    }
    /* "last month", "previous month": a comparison */
    if (i + 1 < n &&
        (strcmp(w[i].w, "last") == 0 || strcmp(w[i].w, "previous") == 0 || strcmp(w[i].w, "prior") == 0) &&
        strncmp(w[i + 1].w, "month", 5) == 0)
      score[FC_ASK_CHANGE] += 5;
  }
  if (first_u >= 0) {
    /* the unknown words as typed, with short unknown words just before them ("HR Portal") */
    int stop;
    while (first_u > 0 && strlen(w[first_u - 1].w) <= 2 && !w[first_u - 1].used &&
           !all_digits(w[first_u - 1].w) && !lookup(w[first_u - 1].w, &stop) && !stop)
      first_u--;
    while (last_u + 1 < (int)n && strlen(w[last_u + 1].w) <= 2 && !w[last_u + 1].used &&
           !all_digits(w[last_u + 1].w) && !lookup(w[last_u + 1].w, &stop) && !stop)
      last_u++;
    size_t len = w[last_u].end - w[first_u].start;
    if (len >= sizeof out->unknown)
      len = sizeof out->unknown - 1;
    memcpy(out->unknown, q + w[first_u].start, len);
    out->unknown[len] = 0;
  }
  /* "last" is a stopword: look for the pair again on raw words */
  for (size_t i = 0; i + 1 < n; i++)
    if (strcmp(w[i].w, "last") == 0 && strncmp(w[i + 1].w, "month", 5) == 0 && !score[FC_ASK_CHANGE])
      score[FC_ASK_CHANGE] += 5;
  /* approved + model(s): the policy question, not spend by model */
  if (score[FC_ASK_UNAPPROVED] && score[FC_ASK_BY_MODEL])
    score[FC_ASK_UNAPPROVED] += 4;
  /* "how am I doing" is the report card, but "how is X doing on budget" is not */
  /* which kind: the highest score; ties go to the more specific (earlier below) */
  static const fc_ask_kind order[] = {
      FC_ASK_APPROVE,  FC_ASK_UNAPPROVED, FC_ASK_UNATTRIBUTED, FC_ASK_MAP,  FC_ASK_CHANGE,
      FC_ASK_CACHE,    FC_ASK_TOKENS,     FC_ASK_BUDGET,       FC_ASK_CARD, FC_ASK_TASKS,
      FC_ASK_BY_MODEL, FC_ASK_BY_REGION,  FC_ASK_BY_WORKLOAD,  FC_ASK_TOTAL};
  int best = 0;
  fc_ask_kind kind = FC_ASK_HELP;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    if (score[order[i]] > best) {
      best = score[order[i]];
      kind = order[i];
    }
  if (kind == FC_ASK_HELP && (rank || named.n || out->model[0]))
    kind = out->model[0] ? FC_ASK_BY_MODEL : rank ? FC_ASK_BY_WORKLOAD : FC_ASK_TOTAL;
  if (kind == FC_ASK_TOTAL && rank)
    kind = FC_ASK_BY_WORKLOAD;
  if (out->top && kind == FC_ASK_TOTAL)
    kind = FC_ASK_BY_WORKLOAD;
  if (kind != FC_ASK_HELP && out->unknown[0])
    kind = FC_ASK_NOT_FOUND;
  out->kind = kind;
  out->named_nodes = (int)named.n;
  if (named.n) {
    /* drop a named node inside another named one */
    out->subj.n = 0;
    for (size_t i = 0; i < named.n; i++) {
      int inner = 0;
      for (size_t j = 0; j < named.n; j++)
        if (i != j && named.roots[i] != named.roots[j] &&
            fc_scope_contains(&a->cfg, named.roots[i], named.roots[j]))
          inner = 1;
      if (!inner)
        out->subj.roots[out->subj.n++] = named.roots[i];
    }
  } else {
    ask_subject_of_person(a, &out->subj);
  }
}
