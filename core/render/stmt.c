/* stmt.c: statement templates (see stmt.h and docs/reports.md). A recursive-descent evaluator
 * that parses as it evaluates: templates are short and rendered once per pack. */
#include "stmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "util.h"

typedef enum vk { V_NONE = 0, V_MONEY, V_INT, V_REAL, V_RATIO, V_TEXT } vk;

typedef struct val {
  vk k;
  int64_t i;     /* V_MONEY (fc_money), V_INT */
  double r;      /* V_REAL, V_RATIO */
  const char *s; /* V_TEXT, n bytes */
  size_t n;
} val;

typedef struct sbuf {
  char *s;
  size_t n, cap;
} sbuf;

typedef struct sx {
  const fc_view *v; /* NULL when only checking */
  const fc_view_table *t;
  long row; /* a row of t while a row condition is evaluated; -1 otherwise */
  const char *p, *end;
  fc_stmt_err err;
  int missing; /* a printed figure is absent: the statement says nothing */
  char msg[200];
  char month[32], prev_month[32], through[16], scope[256];
} sx;

static const val none = {V_NONE, 0, 0, NULL, 0};

static void fail(sx *S, const char *what) {
  if (S->err)
    return;
  S->err = FC_STMT_SYNTAX;
  snprintf(S->msg, sizeof S->msg, "%s at '%.*s'", what, (int)(S->end - S->p > 24 ? 24 : S->end - S->p), S->p);
}

static void sb_put(sx *S, sbuf *b, const char *s, size_t l) {
  if (S->err)
    return;
  if (b->n + l + 1 > b->cap) {
    size_t cap = (b->n + l + 1) * 2 + 32;
    char *x = realloc(b->s, cap);
    if (!x) {
      S->err = FC_STMT_NOMEM;
      return;
    }
    b->s = x;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, l);
  b->n += l;
  b->s[b->n] = '\0';
}

/* ---- values ---- */

static val cell_val(const fc_view_table *t, size_t row, int c) {
  fc_value x = fc_view_cell(t, row, c);
  val v = none;
  switch (t->t->cols[c].type) {
  case FC_COL_TEXT:
    if (x.s)
      v = (val){V_TEXT, 0, 0, x.s, strlen(x.s)};
    break;
  case FC_COL_MONEY:
    if (x.i != FC_NULL_INT)
      v = (val){V_MONEY, x.i, 0, NULL, 0};
    break;
  case FC_COL_INT:
  case FC_COL_DATE:
    if (x.i != FC_NULL_INT)
      v = (val){V_INT, x.i, 0, NULL, 0};
    break;
  case FC_COL_RATIO:
  case FC_COL_REAL:
    if (!isnan(x.r))
      v = (val){t->t->cols[c].type == FC_COL_RATIO ? V_RATIO : V_REAL, 0, x.r, NULL, 0};
    break;
  }
  return v;
}

static int numeric(val a) { return a.k == V_MONEY || a.k == V_INT || a.k == V_REAL || a.k == V_RATIO; }

static double dbl(val a) {
  return a.k == V_MONEY ? (double)a.i / (double)FC_MONEY_SCALE : a.k == V_INT ? (double)a.i : a.r;
}

/* a and b as exact money (or both plain integers); 0 when one is not exact or scaling overflows */
static int exact_pair(val *a, val *b) {
  if ((a->k != V_MONEY && a->k != V_INT) || (b->k != V_MONEY && b->k != V_INT))
    return 0;
  if (a->k == b->k)
    return 1;
  val *x = a->k == V_INT ? a : b;
  if (x->i > INT64_MAX / FC_MONEY_SCALE || x->i < INT64_MIN / FC_MONEY_SCALE)
    return 0;
  x->i *= FC_MONEY_SCALE;
  x->k = V_MONEY;
  return 1;
}

static val arith(sx *S, val a, char op, val b) {
  if (!numeric(a) || !numeric(b))
    return none;
  if (op == '/') {
    double d = dbl(b);
    return d == 0 ? none : (val){V_REAL, 0, dbl(a) / d, NULL, 0};
  }
  if (exact_pair(&a, &b)) {
    int64_t x = a.i;
    if (fc_add_checked(&x, op == '-' ? (b.i == INT64_MIN ? INT64_MAX : -b.i) : b.i) ||
        (op == '-' && b.i == INT64_MIN)) {
      if (!S->err)
        S->err = FC_STMT_OVERFLOW;
      return none;
    }
    return (val){a.k, x, 0, NULL, 0};
  }
  return (val){V_REAL, 0, op == '-' ? dbl(a) - dbl(b) : dbl(a) + dbl(b), NULL, 0};
}

static int truthy(val a) { return a.k == V_TEXT ? a.n > 0 : a.k != V_NONE; }

static int compare(val a, const char *op, val b) {
  if (a.k == V_NONE || b.k == V_NONE)
    return 0;
  int c;
  if (a.k == V_TEXT || b.k == V_TEXT) {
    if (a.k != b.k)
      return 0;
    if (strcmp(op, "^=") == 0)
      return a.n >= b.n && memcmp(a.s, b.s, b.n) == 0;
    size_t m = a.n < b.n ? a.n : b.n;
    c = memcmp(a.s, b.s, m);
    if (c == 0)
      c = a.n < b.n ? -1 : a.n > b.n;
  } else if (exact_pair(&a, &b)) {
    c = a.i < b.i ? -1 : a.i > b.i;
  } else {
    double x = dbl(a), y = dbl(b);
    c = x < y ? -1 : x > y;
  }
  if (strcmp(op, "==") == 0)
    return c == 0;
  if (strcmp(op, "!=") == 0)
    return c != 0;
  if (strcmp(op, "<") == 0)
    return c < 0;
  if (strcmp(op, "<=") == 0)
    return c <= 0;
  if (strcmp(op, ">") == 0)
    return c > 0;
  if (strcmp(op, ">=") == 0)
    return c >= 0;
  return 0; /* ^= on numbers */
}

/* ---- figures ---- */

static void month_words(int32_t period, char *out, size_t size) {
  static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  int m = period % 100;
  snprintf(out, size, "%s %d", m >= 1 && m <= 12 ? months[m - 1] : "?", period / 100);
}

static val text_val(const char *s) { return s ? (val){V_TEXT, 0, 0, s, strlen(s)} : none; }

static val figure(sx *S, const char *name) {
  const fc_view *v = S->v;
  if (!v)
    return none;
  if (S->row >= 0 && S->t) { /* a row condition: the row's own cells first */
    /* yes/no figures are 1 or absent, so that a bare one is a condition */
    if (strcmp(name, "$own") == 0)
      return fc_view_node(S->t, (size_t)S->row) == v->node ? (val){V_INT, 1, 0, NULL, 0} : none;
    if (strcmp(name, "$workload") == 0) {
      int n = fc_view_node(S->t, (size_t)S->row);
      return n >= 0 && v->cfg->nodes[n].workload >= 0 ? (val){V_INT, 1, 0, NULL, 0} : none;
    }
    int c = fc_view_col(S->t, name);
    if (c >= 0)
      return cell_val(S->t, (size_t)S->row, c);
  }
  if (name[0] == '$') {
    if (strcmp(name, "$scope") == 0)
      return text_val(S->scope);
    if (strcmp(name, "$month") == 0)
      return text_val(S->month);
    if (strcmp(name, "$previous_month") == 0)
      return text_val(S->prev_month);
    if (strcmp(name, "$through") == 0)
      return text_val(S->through);
    if (strcmp(name, "$complete") == 0)
      return fc_month_complete(v->period, v->as_of) ? (val){V_INT, 1, 0, NULL, 0} : none;
    return none;
  }
  if (name[0] == '@') {
    if (strcmp(name + 1, "policy.cache_hit_rate_healthy") == 0)
      return (val){V_RATIO, 0, v->cfg->cache_hit_rate_healthy, NULL, 0};
    return none;
  }
  if (S->t) {
    int c = fc_view_col(S->t, name);
    for (size_t r = 0; c >= 0 && r < S->t->n; r++)
      if (fc_view_node(S->t, r) == v->node)
        return cell_val(S->t, r, c);
  }
  fc_value x;
  fc_coltype ct;
  if (!fc_view_node_metric(v, name, &x, &ct))
    return none;
  switch (ct) {
  case FC_COL_TEXT:
    return text_val(x.s);
  case FC_COL_MONEY:
    return x.i == FC_NULL_INT ? none : (val){V_MONEY, x.i, 0, NULL, 0};
  case FC_COL_INT:
  case FC_COL_DATE:
    return x.i == FC_NULL_INT ? none : (val){V_INT, x.i, 0, NULL, 0};
  default:
    return isnan(x.r) ? none : (val){ct == FC_COL_RATIO ? V_RATIO : V_REAL, 0, x.r, NULL, 0};
  }
}

/* ---- expressions ---- */

static void ws(sx *S) {
  while (S->p < S->end && isspace((unsigned char)*S->p))
    S->p++;
}

static int is_ident(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$' || c == '@';
}

/* the keyword kw next (a whole word): consumed */
static int kw(sx *S, const char *kw) {
  ws(S);
  size_t l = strlen(kw);
  if ((size_t)(S->end - S->p) >= l && memcmp(S->p, kw, l) == 0 &&
      (S->p + l == S->end || !is_ident(S->p[l]))) {
    S->p += l;
    return 1;
  }
  return 0;
}

static int ch(sx *S, char c) {
  ws(S);
  if (S->p < S->end && *S->p == c) {
    S->p++;
    return 1;
  }
  return 0;
}

static int cond(sx *S);
static val expr(sx *S);

/* The end of the argument starting at p: the ',' or ')' at depth 0. */
static const char *arg_end(const char *p, const char *end) {
  int depth = 0;
  for (; p < end; p++) {
    if (*p == '\'') {
      const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));
      if (!q)
        return end;
      p = q;
    } else if (*p == '(') {
      depth++;
    } else if (*p == ')' || *p == ',') {
      if (depth == 0)
        return p;
      if (*p == ')')
        depth--;
    }
  }
  return end;
}

/* Evaluates the argument range [a, b) with row row: as a condition (is_cond) or expression. */
static val eval_range(sx *S, const char *a, const char *b, long row, int is_cond) {
  const char *p = S->p, *end = S->end;
  long r0 = S->row;
  S->p = a;
  S->end = b;
  S->row = row;
  val v = is_cond ? (val){V_INT, cond(S), 0, NULL, 0} : expr(S);
  ws(S);
  if (S->p != S->end)
    fail(S, "unexpected text");
  S->p = p;
  S->end = end;
  S->row = r0;
  return v;
}

/* A column name argument: [a, b) trimmed into buf. */
static int name_arg(sx *S, const char *a, const char *b, char *buf, size_t size) {
  while (a < b && isspace((unsigned char)*a))
    a++;
  while (b > a && isspace((unsigned char)b[-1]))
    b--;
  if (a == b || (size_t)(b - a) >= size) {
    fail(S, "a column name is expected");
    return 0;
  }
  for (const char *q = a; q < b; q++)
    if (!is_ident(*q)) {
      fail(S, "a column name is expected");
      return 0;
    }
  memcpy(buf, a, (size_t)(b - a));
  buf[b - a] = '\0';
  return 1;
}

/* count(), count(C), sum(X), sum(X, C), first(X, C), top(X, BY), top(X, BY, K), abs(E), or(E, E) */
static val call(sx *S, const char *fn) {
  const char *args[4][2];
  size_t na = 0;
  ws(S);
  if (S->p < S->end && *S->p == ')') {
    S->p++;
  } else {
    for (;;) {
      const char *a = S->p, *b = arg_end(S->p, S->end);
      if (na < 4) {
        args[na][0] = a;
        args[na][1] = b;
      }
      na++;
      S->p = b;
      if (S->p >= S->end) {
        fail(S, "')' is missing");
        return none;
      }
      if (*S->p++ == ')')
        break;
    }
  }
  const fc_view_table *t = S->t;
  int dry = !S->v;
  if (strcmp(fn, "abs") == 0 && na == 1) {
    val x = eval_range(S, args[0][0], args[0][1], S->row, 0);
    if ((x.k == V_MONEY || x.k == V_INT) && x.i < 0)
      x.i = x.i == INT64_MIN ? INT64_MAX : -x.i;
    else if (x.k == V_REAL || x.k == V_RATIO)
      x.r = fabs(x.r);
    return x;
  }
  if (strcmp(fn, "or") == 0 && na == 2) {
    val x = eval_range(S, args[0][0], args[0][1], S->row, 0);
    val y = eval_range(S, args[1][0], args[1][1], S->row, 0);
    return truthy(x) ? x : y;
  }
  if (strcmp(fn, "count") == 0 && na <= 1) {
    if (dry) {
      if (na)
        eval_range(S, args[0][0], args[0][1], -1, 1);
      return none;
    }
    if (!t)
      return none;
    int64_t n = 0;
    for (size_t r = 0; r < t->n && !S->err; r++)
      n += !na || eval_range(S, args[0][0], args[0][1], (long)r, 1).i;
    return (val){V_INT, n, 0, NULL, 0};
  }
  char col[128], by[128];
  if (strcmp(fn, "first") == 0 && na == 2) { /* the first row, in result order, that meets C */
    if (!name_arg(S, args[0][0], args[0][1], col, sizeof col))
      return none;
    if (dry) {
      eval_range(S, args[1][0], args[1][1], -1, 1);
      return none;
    }
    int c = t ? fc_view_col(t, col) : -1;
    for (size_t r = 0; c >= 0 && r < t->n && !S->err; r++)
      if (eval_range(S, args[1][0], args[1][1], (long)r, 1).i)
        return cell_val(t, r, c);
    return none;
  }
  if (strcmp(fn, "sum") == 0 && (na == 1 || na == 2)) {
    if (!name_arg(S, args[0][0], args[0][1], col, sizeof col))
      return none;
    if (dry) {
      if (na == 2)
        eval_range(S, args[1][0], args[1][1], -1, 1);
      return none;
    }
    int c = t ? fc_view_col(t, col) : -1;
    if (c < 0)
      return none;
    val acc = none;
    acc.k = t->t->cols[c].type == FC_COL_MONEY ? V_MONEY : t->t->cols[c].type == FC_COL_INT ? V_INT : V_REAL;
    for (size_t r = 0; r < t->n && !S->err; r++) {
      if (na == 2 && !eval_range(S, args[1][0], args[1][1], (long)r, 1).i)
        continue;
      val x = cell_val(t, r, c);
      if (x.k == V_NONE)
        continue;
      if (acc.k == V_REAL)
        acc.r += dbl(x);
      else if (fc_add_checked(&acc.i, x.i))
        return none; /* a sum past the exact range is left out, not wrapped */
    }
    return acc;
  }
  if (strcmp(fn, "top") == 0 && (na == 2 || na == 3)) {
    if (!name_arg(S, args[0][0], args[0][1], col, sizeof col) ||
        !name_arg(S, args[1][0], args[1][1], by, sizeof by))
      return none;
    val k = na == 3 ? eval_range(S, args[2][0], args[2][1], -1, 0) : (val){V_INT, 1, 0, NULL, 0};
    if (dry)
      return none;
    int c = t ? fc_view_col(t, col) : -1, cb = t ? fc_view_col(t, by) : -1;
    if (c < 0 || cb < 0 || k.k != V_INT || k.i < 1)
      return none;
    /* the k-th row by `by`, largest first, ties in result order; rows without a `by` left out */
    for (size_t r = 0; r < t->n; r++) {
      val x = cell_val(t, r, cb);
      if (!numeric(x))
        continue;
      int64_t rank = 0;
      for (size_t q = 0; q < t->n; q++) {
        val y = cell_val(t, q, cb);
        if (q != r && numeric(y) && (compare(y, ">", x) || (q < r && compare(y, "==", x))))
          rank++;
      }
      if (rank == k.i - 1)
        return cell_val(t, r, c);
    }
    return none;
  }
  fail(S, "unknown function or wrong number of arguments");
  return none;
}

static val atom(sx *S) {
  ws(S);
  if (S->p >= S->end) {
    fail(S, "a figure is expected");
    return none;
  }
  char c = *S->p;
  if (c == '(') {
    S->p++;
    val x = expr(S);
    if (!ch(S, ')'))
      fail(S, "')' is missing");
    return x;
  }
  if (c == '-') {
    S->p++;
    val x = atom(S);
    return arith(S, (val){V_INT, 0, 0, NULL, 0}, '-', x);
  }
  if (c == '\'') {
    const char *q = memchr(S->p + 1, '\'', (size_t)(S->end - S->p - 1));
    if (!q) {
      fail(S, "a quote is not closed");
      return none;
    }
    val v = {V_TEXT, 0, 0, S->p + 1, (size_t)(q - S->p - 1)};
    S->p = q + 1;
    return v;
  }
  if (isdigit((unsigned char)c)) {
    const char *a = S->p;
    int dot = 0;
    while (S->p < S->end && (isdigit((unsigned char)*S->p) || (*S->p == '.' && !dot))) {
      dot |= *S->p == '.';
      S->p++;
    }
    char buf[40];
    size_t l = (size_t)(S->p - a) < sizeof buf - 1 ? (size_t)(S->p - a) : sizeof buf - 1;
    memcpy(buf, a, l);
    buf[l] = '\0';
    return dot ? (val){V_REAL, 0, strtod(buf, NULL), NULL, 0}
               : (val){V_INT, strtoll(buf, NULL, 10), 0, NULL, 0};
  }
  if (!is_ident(c)) {
    fail(S, "a figure is expected");
    return none;
  }
  char name[128];
  size_t l = 0;
  while (S->p < S->end && is_ident(*S->p)) {
    if (l + 1 < sizeof name)
      name[l++] = *S->p;
    S->p++;
  }
  name[l] = '\0';
  if (ch(S, '('))
    return call(S, name);
  return figure(S, name);
}

static val term(sx *S) {
  val a = atom(S);
  while (!S->err && ch(S, '/'))
    a = arith(S, a, '/', atom(S));
  return a;
}

static val expr(sx *S) {
  val a = term(S);
  for (;;) {
    ws(S);
    if (S->err || S->p >= S->end || (*S->p != '+' && *S->p != '-'))
      return a;
    char op = *S->p++;
    a = arith(S, a, op, term(S));
  }
}

static int cmp(sx *S) {
  ws(S);
  /* "(" opens a group of conditions unless an operator follows its ")": then it is arithmetic */
  const char *close = S->p < S->end && *S->p == '(' ? arg_end(S->p + 1, S->end) : NULL;
  while (close && close < S->end && *close == ',')
    close = arg_end(close + 1, S->end);
  const char *after = close && close < S->end ? close + 1 : NULL;
  while (after && after < S->end && isspace((unsigned char)*after))
    after++;
  if (close && !(after && after < S->end && strchr("+-/<>=!^", *after)) && ch(S, '(')) {
    int v = cond(S);
    if (!ch(S, ')'))
      fail(S, "')' is missing");
    return v;
  }
  val a = expr(S);
  ws(S);
  static const char *const ops[] = {"==", "!=", "<=", ">=", "^=", "<", ">"};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t l = strlen(ops[i]);
    if ((size_t)(S->end - S->p) >= l && memcmp(S->p, ops[i], l) == 0) {
      S->p += l;
      val b = expr(S);
      return compare(a, ops[i], b);
    }
  }
  return truthy(a);
}

static int cond_not(sx *S) { return kw(S, "not") ? !cond_not(S) : cmp(S); }

static int cond_and(sx *S) {
  int v = cond_not(S);
  while (!S->err && kw(S, "and"))
    v = cond_not(S) && v;
  return v;
}

static int cond(sx *S) {
  int v = cond_and(S);
  while (!S->err && kw(S, "or"))
    v = cond_and(S) || v;
  return v;
}

/* ---- formats ---- */

static void put_value(sx *S, sbuf *b, val x, const char *fmt, size_t fl) {
  char buf[512];
  if (x.k == V_NONE) {
    S->missing = 1;
    return;
  }
#define IS(f) (fl == strlen(f) && memcmp(fmt, f, fl) == 0)
  if (fl == 0 || IS("text") || IS("money") || IS("clause") || IS("rest")) {
    if (x.k == V_TEXT) {
      const char *s = x.s;
      size_t n = x.n;
      const char *end = NULL;
      for (size_t i = 0; i + 2 < n && !end; i++)
        if (s[i] == ')' && s[i + 1] == '.' && s[i + 2] == ' ')
          end = s + i;
      if (IS("clause")) { /* up to the first "). ", its first letter in lower case */
        n = end ? (size_t)(end - s) + 1 : n;
        if (n && isupper((unsigned char)s[0])) {
          char c = (char)tolower((unsigned char)s[0]);
          sb_put(S, b, &c, 1);
          s++;
          n--;
        }
      } else if (IS("rest")) { /* after the first "). "; nothing when there is none */
        if (!end)
          return;
        n -= (size_t)(end + 3 - s);
        s = end + 3;
      }
      sb_put(S, b, s, n);
      return;
    }
    if (x.k == V_MONEY || IS("money"))
      fc_money_words(x.k == V_MONEY ? x.i : (int64_t)llround(dbl(x) * (double)FC_MONEY_SCALE), 2, buf,
                     sizeof buf);
    else if (x.k == V_INT)
      snprintf(buf, sizeof buf, "%lld", (long long)x.i);
    else if (x.k == V_RATIO)
      snprintf(buf, sizeof buf, "%.1f%%", x.r * 100);
    else
      snprintf(buf, sizeof buf, "%.1f", x.r);
  } else if (IS("money0")) {
    fc_money_words(x.k == V_MONEY ? x.i : (int64_t)llround(dbl(x) * (double)FC_MONEY_SCALE), 0, buf,
                   sizeof buf);
  } else if (x.k == V_TEXT) {
    S->missing = 1; /* a number format of a text */
    return;
  } else if (IS("int")) {
    snprintf(buf, sizeof buf, "%.0f", x.k == V_INT ? (double)x.i : dbl(x));
    if (x.k == V_INT)
      snprintf(buf, sizeof buf, "%lld", (long long)x.i);
  } else if (IS("pct0") || IS("pct1") || IS("+pct1")) {
    snprintf(buf, sizeof buf, IS("pct0") ? "%.0f%%" : IS("pct1") ? "%.1f%%" : "%+.1f%%", 100.0 * dbl(x));
  } else if (fl == 1 && fmt[0] >= '0' && fmt[0] <= '3') {
    snprintf(buf, sizeof buf, "%.*f", fmt[0] - '0', dbl(x));
  } else {
    fail(S, "unknown format");
    return;
  }
#undef IS
  sb_put(S, b, buf, strlen(buf));
}

/* ---- templates ---- */

/* The '}' closing the placeholder opened at p[-1]; NULL when unbalanced. */
static const char *close_brace(const char *p, const char *end) {
  int depth = 0;
  for (; p < end; p++) {
    if (*p == '{')
      depth++;
    else if (*p == '}' && depth-- == 0)
      return p;
  }
  return NULL;
}

/* Splits [a, b) at '|' outside nested braces into at most max parts. Returns the count (more
 * than max when there are more). */
static size_t split(const char *a, const char *b, const char *parts[][2], size_t max) {
  size_t n = 0;
  int depth = 0;
  const char *s = a;
  for (const char *p = a; p <= b; p++) {
    if (p == b || (*p == '|' && depth == 0)) {
      if (n < max) {
        parts[n][0] = s;
        parts[n][1] = p;
      }
      n++;
      s = p + 1;
    } else if (*p == '{') {
      depth++;
    } else if (*p == '}') {
      depth--;
    }
  }
  return n;
}

static void render(sx *S, const char *p, const char *end, sbuf *out);

static int eval_cond_range(sx *S, const char *a, const char *b) { return (int)eval_range(S, a, b, -1, 1).i; }

static void placeholder(sx *S, const char *a, const char *b, sbuf *out) {
  if (a < b && *a == '?') {
    const char *parts[3][2];
    size_t n = split(a + 1, b, parts, 3);
    if (n < 2 || n > 3) {
      S->p = a;
      S->end = b;
      fail(S, "{?condition|then|else} has 2 or 3 parts");
      return;
    }
    int c = eval_cond_range(S, parts[0][0], parts[0][1]);
    if (!S->v) { /* checking: both branches */
      render(S, parts[1][0], parts[1][1], out);
      if (n == 3)
        render(S, parts[2][0], parts[2][1], out);
    } else if (c) {
      render(S, parts[1][0], parts[1][1], out);
    } else if (n == 3) {
      render(S, parts[2][0], parts[2][1], out);
    }
    return;
  }
  if ((size_t)(b - a) > 5 && memcmp(a, "join ", 5) == 0) {
    const char *parts[16][2];
    size_t n = split(a + 5, b, parts, 16);
    if (n < 2 || n > 16) {
      S->p = a;
      S->end = b;
      fail(S, "{join 'sep'|part|...} has a separator and 1 to 15 parts");
      return;
    }
    val sep = eval_range(S, parts[0][0], parts[0][1], -1, 0);
    if (sep.k != V_TEXT && !S->err) {
      S->p = parts[0][0];
      S->end = parts[0][1];
      fail(S, "the separator of join must be quoted");
      return;
    }
    int first = 1;
    for (size_t i = 1; i < n && !S->err; i++) {
      sbuf part = {0};
      render(S, parts[i][0], parts[i][1], &part);
      if (part.n) {
        if (!first)
          sb_put(S, out, sep.s, sep.n);
        sb_put(S, out, part.s, part.n);
        first = 0;
      }
      free(part.s);
    }
    return;
  }
  /* EXPR or EXPR:FORMAT; the format is after the last ':' outside quotes */
  const char *colon = NULL;
  for (const char *q = a; q < b; q++) {
    if (*q == '\'') {
      const char *r = memchr(q + 1, '\'', (size_t)(b - q - 1));
      q = r ? r : b - 1;
    } else if (*q == ':') {
      colon = q;
    }
  }
  val x = eval_range(S, a, colon ? colon : b, -1, 0);
  if (!S->v) {
    sbuf dummy = {0};
    put_value(S, &dummy, (val){V_INT, 0, 0, NULL, 0}, colon ? colon + 1 : b,
              colon ? (size_t)(b - colon - 1) : 0);
    free(dummy.s);
    return;
  }
  if (!S->err)
    put_value(S, out, x, colon ? colon + 1 : b, colon ? (size_t)(b - colon - 1) : 0);
}

static void render(sx *S, const char *p, const char *end, sbuf *out) {
  while (p < end && !S->err) {
    const char *brace = memchr(p, '{', (size_t)(end - p));
    const char *stop = brace ? brace : end;
    const char *cl = memchr(p, '}', (size_t)(stop - p));
    if (cl) {
      S->p = cl;
      S->end = end;
      fail(S, "'}' without '{'");
      return;
    }
    sb_put(S, out, p, (size_t)(stop - p));
    if (!brace)
      return;
    const char *c = close_brace(brace + 1, end);
    if (!c) {
      S->p = brace;
      S->end = end;
      fail(S, "'{' is not closed");
      return;
    }
    placeholder(S, brace + 1, c, out);
    p = c + 1;
  }
}

static void setup(sx *S, const fc_view *v, const char *result) {
  memset(S, 0, sizeof *S);
  S->v = v;
  S->row = -1;
  if (!v)
    return;
  S->t = result ? fc_view_find(v, result) : NULL;
  month_words(v->period, S->month, sizeof S->month);
  month_words(fc_period_prev(v->period), S->prev_month, sizeof S->prev_month);
  fc_date_format(v->as_of - 1, S->through);
  snprintf(S->scope, sizeof S->scope, "%s",
           v->node < 0
               ? (v->cfg->organization && *v->cfg->organization ? v->cfg->organization : "the organisation")
               : v->cfg->nodes[v->node].name);
}

char *fc_stmt_render(const char *text, const char *when, const char *result, const fc_view *v,
                     fc_stmt_err *err) {
  sx S;
  setup(&S, v, result);
  *err = FC_STMT_OK;
  sbuf out = {0};
  int go = 1;
  if (when && *when)
    go = (int)eval_range(&S, when, when + strlen(when), -1, 1).i;
  if (go && !S.err)
    render(&S, text, text + strlen(text), &out);
  if (S.err) {
    free(out.s);
    *err = S.err;
    return NULL;
  }
  if (!go || S.missing || !out.s) {
    free(out.s);
    char *e = fc_strdup("");
    if (!e)
      *err = FC_STMT_NOMEM;
    return e;
  }
  return out.s;
}

int fc_stmt_check(const char *text, const char *when, char *msg, size_t size) {
  sx S;
  setup(&S, NULL, NULL);
  sbuf out = {0};
  if (when && *when)
    eval_range(&S, when, when + strlen(when), -1, 1);
  if (!S.err && text)
    render(&S, text, text + strlen(text), &out);
  free(out.s);
  if (S.err == FC_STMT_NOMEM)
    snprintf(S.msg, sizeof S.msg, "out of memory");
  if (S.err)
    snprintf(msg, size, "%s", S.msg);
  return !S.err;
}
