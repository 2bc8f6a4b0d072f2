/* send_msg.c: one person's report-card message, built with GMime 3. */
#include "send_msg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <gmime/gmime.h>

#include "packs.h"
#include "send_tasks.h"
#include "sha256.h"

void fc_msg_global_init(void) { g_mime_init(); }
void fc_msg_global_cleanup(void) { g_mime_shutdown(); }

/* ---- small helpers ---- */

static const char *jstr(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* Reads a published file and checks it against manifest.json, so that what is attached is what
 * `finops run` published. Returns 0; -1 with a diagnostic (and *buf NULL) otherwise. */
static int read_published(const fc_msg_input *in, const char *rel, char **buf, size_t *len, fc_diags *diags) {
  *buf = NULL;
  char *full = fc_asprintf("%s/%s", in->period_dir, rel);
  if (!full)
    return -1;
  if (fc_read_file(full, buf, len)) {
    fc_diags_add(diags, FC_SEV_ERROR, full, 0, 0, "cannot read: %s", strerror(errno));
    free(full);
    return -1;
  }
  const char *want = NULL;
  size_t i;
  json_t *f;
  json_array_foreach(in->files, i, f) {
    const char *p = jstr(f, "path");
    if (p && !strcmp(p, rel))
      want = jstr(f, "sha256");
  }
  char hex[65];
  fc_sha256 s;
  fc_sha256_init(&s);
  fc_sha256_update(&s, *buf, *len);
  fc_sha256_final_hex(&s, hex);
  if (!want || strcmp(want, hex)) {
    fc_diags_add(diags, FC_SEV_ERROR, full, 0, 0, "%s",
                 want
                     ? "changed since it was published: its sha256 differs from manifest.json's; run `finops "
                       "run` again"
                     : "not listed in manifest.json");
    free(*buf);
    *buf = NULL;
    free(full);
    return -1;
  }
  free(full);
  return 0;
}

/* A summary.json amount as "$1,234.56"; "n/a" when absent or null. */
static const char *money(const json_t *v, char *buf, size_t size) {
  if (!json_is_number(v)) {
    snprintf(buf, size, "n/a");
    return buf;
  }
  char t[64];
  snprintf(t, sizeof t, "%.10f", json_number_value(v));
  fc_money m;
  if (fc_money_parse(t, strlen(t), &m, NULL)) {
    snprintf(buf, size, "n/a");
    return buf;
  }
  return fc_money_words(m, 2, buf, size);
}

static const char *percent(const json_t *v, char *buf, size_t size) {
  if (!json_is_number(v))
    snprintf(buf, size, "n/a");
  else
    snprintf(buf, size, "%.1f%%", json_number_value(v) * 100.0);
  return buf;
}

static void html_esc(GString *s, const char *t) {
  for (; t && *t; t++) {
    switch (*t) {
    case '<':
      g_string_append(s, "&lt;");
      break;
    case '>':
      g_string_append(s, "&gt;");
      break;
    case '&':
      g_string_append(s, "&amp;");
      break;
    case '"':
      g_string_append(s, "&quot;");
      break;
    default:
      g_string_append_c(s, *t);
    }
  }
}

static const char *last_part(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static const json_t *node_of(const json_t *summary, const char *path) {
  size_t i;
  json_t *n;
  json_array_foreach(json_object_get(summary, "nodes"), i, n) {
    const char *p = jstr(n, "path");
    if (p && !strcmp(p, path))
      return n;
  }
  return NULL;
}

/* The pack's node index (-1: the organisation), or -2 when the config has no such node. */
static int pack_node(const fc_config *cfg, const char *path) {
  if (!path || !*path)
    return -1;
  int n = fc_config_node_find(cfg, path);
  return n >= 0 ? n : -2;
}

/* 1 when the node at path may appear in the pack of node scope (the one scope rule). */
static int visible(const fc_config *cfg, const char *path, int scope) {
  int n = path && *path ? fc_config_node_find(cfg, path) : -1;
  if (path && *path && n < 0)
    return 0;
  return fc_scope_contains(cfg, n, scope);
}

/* ---- the body ---- */

typedef struct body {
  GString *txt, *html;
} body;

static const char *grade_colour(const char *g) {
  if (!g)
    return "#666666";
  switch (g[0]) {
  case 'A':
    return "#1e7d32";
  case 'B':
    return "#558b2f";
  case 'C':
    return "#b08800";
  case 'D':
    return "#e65100";
  default:
    return "#c62828";
  }
}

static void figure_row(body *b, const char *label, const char *now, const char *before) {
  g_string_append_printf(b->txt, "  %-34s %18s   %s\n", label, now, before ? before : "");
  g_string_append(b->html, "<tr><td style=\"padding:4px 12px 4px 0\">");
  html_esc(b->html, label);
  g_string_append(b->html, "</td><td style=\"padding:4px 12px;text-align:right\"><b>");
  html_esc(b->html, now);
  g_string_append(b->html, "</b></td><td style=\"padding:4px 0 4px 12px;text-align:right;color:#666\">");
  html_esc(b->html, before ? before : "");
  g_string_append(b->html, "</td></tr>\n");
}

static void heading(body *b, const char *h) {
  g_string_append_printf(b->txt, "\n%s\n", h);
  for (const char *p = h; *p; p++)
    if (((unsigned char)*p & 0xC0) != 0x80)
      g_string_append_c(b->txt, '-');
  g_string_append_c(b->txt, '\n');
  g_string_append(b->html, "<h2 style=\"font-size:17px;margin:22px 0 8px;color:#1a237e\">");
  html_esc(b->html, h);
  g_string_append(b->html, "</h2>\n");
}

static void paragraph(body *b, const char *t) {
  g_string_append_printf(b->txt, "%s\n", t);
  g_string_append(b->html, "<p style=\"margin:6px 0\">");
  html_esc(b->html, t);
  g_string_append(b->html, "</p>\n");
}

/* A field of a summary.json object: the key itself, else "a.b" as b inside a. */
static const json_t *field(const json_t *o, const char *path) {
  const json_t *v = json_object_get(o, path);
  if (v || !strchr(path, '.'))
    return v;
  char part[128];
  while (o && *path) {
    size_t l = strcspn(path, ".");
    if (l >= sizeof part)
      return NULL;
    memcpy(part, path, l);
    part[l] = '\0';
    o = json_object_get(o, part);
    path += l + (path[l] == '.');
  }
  return o;
}

/* A key figure as text: money (default), percent or integer, with its `with` field after it. */
static const char *figure_text(const fc_tpl_figure *g, const json_t *o, char *buf, size_t size) {
  const json_t *v = o ? field(o, g->field) : NULL;
  char t[64];
  if (g->format == FC_FMT_PERCENT)
    percent(v, t, sizeof t);
  else if (g->format == FC_FMT_INT && json_is_number(v))
    snprintf(t, sizeof t, "%lld", (long long)json_number_value(v));
  else if (g->format == FC_FMT_INT)
    snprintf(t, sizeof t, "n/a");
  else
    money(v, t, sizeof t);
  if (!g->with || (g->format == FC_FMT_INT && !json_is_number(v))) {
    snprintf(buf, size, "%s", t);
  } else {
    const char *w = o ? json_string_value(field(o, g->with)) : NULL;
    snprintf(buf, size, "%s (%s)", t, w ? w : "?");
  }
  return buf;
}

static void figure_rows(body *b, const fc_tpl_figure *g, size_t n, const json_t *now, const json_t *before,
                        int have_prev) {
  for (size_t i = 0; i < n; i++) {
    char a[96], p[96];
    if (g[i].optional && !json_is_number(field(now, g[i].field)))
      continue;
    const char *was = NULL;
    if (have_prev && g[i].compare)
      was = g[i].with && !(before && json_string_value(field(before, g[i].with)))
                ? "n/a"
                : figure_text(&g[i], before, p, sizeof p);
    figure_row(b, g[i].label, figure_text(&g[i], now, a, sizeof a), was);
  }
}

/* Report card of one pack: score, grade and the reasons. */
static void report_card(body *b, const fc_msg_input *in, const char *path, int scope, const json_t *node) {
  const json_t *summary = in->summary;
  heading(b, "Report card");
  if (node) {
    const char *grade = jstr(node, "grade");
    json_int_t score = json_integer_value(json_object_get(node, "score"));
    g_string_append_printf(b->txt, "Score %lld, grade %s\n", (long long)score, grade ? grade : "?");
    g_string_append_printf(b->html,
                           "<p style=\"margin:6px 0\"><span style=\"display:inline-block;min-width:38px;"
                           "padding:6px 10px;border-radius:6px;background:%s;color:#fff;font-size:22px;"
                           "font-weight:bold;text-align:center\">",
                           grade_colour(grade));
    html_esc(b->html, grade ? grade : "?");
    g_string_append_printf(b->html, "</span>&nbsp; <b style=\"font-size:18px\">Score %lld</b> of 100</p>\n",
                           (long long)score);
    /* the reasons: rows of the result the template names that cost points at this node
     * (workloads), else the explanation of the score as summary.json gives it */
    size_t i;
    json_t *c;
    int any = 0;
    const fc_tpl_message *m = in->tpl ? &in->tpl->message : NULL;
    const json_t *reasons = m && m->reasons_result
                                ? json_object_get(json_object_get(summary, "results"), m->reasons_result)
                                : NULL;
    json_array_foreach(reasons, i, c) {
      const char *cn = jstr(c, "node");
      const json_t *lost = field(c, m->reasons_amount);
      if (!cn || strcmp(cn, path) || !json_is_number(lost) || json_number_value(lost) <= 0.0)
        continue;
      if (!visible(in->cfg, cn, scope))
        continue;
      if (!any) {
        g_string_append(b->html, "<ul style=\"margin:4px 0 4px 18px;padding:0\">\n");
        any = 1;
      }
      const char *comp = jstr(c, m->reasons_name), *ex = jstr(c, m->reasons_text);
      g_string_append_printf(b->txt, "  - %s (-%.1f points): %s\n", comp ? comp : "", json_number_value(lost),
                             ex ? ex : "");
      g_string_append(b->html, "<li><b>");
      html_esc(b->html, comp);
      g_string_append_printf(b->html, "</b> (&minus;%.1f points): ", json_number_value(lost));
      html_esc(b->html, ex);
      g_string_append(b->html, "</li>\n");
    }
    const char *expl = jstr(node, "score_explanation");
    const char *tasks_part = expl ? strstr(expl, "Open tasks:") : NULL;
    if (any && tasks_part) {
      g_string_append_printf(b->txt, "  - %s\n", tasks_part);
      g_string_append(b->html, "<li>");
      html_esc(b->html, tasks_part);
      g_string_append(b->html, "</li>\n");
    }
    if (any)
      g_string_append(b->html, "</ul>\n");
    else if (expl)
      paragraph(b, expl);
  }
  /* the children's grades (for the organisation: the top-level nodes) */
  size_t i;
  json_t *n;
  int any = 0;
  int self = scope;
  json_array_foreach(json_object_get(summary, "nodes"), i, n) {
    const char *p = jstr(n, "path");
    int idx = p ? fc_config_node_find(in->cfg, p) : -1;
    if (idx < 0 || in->cfg->nodes[idx].parent != self || !visible(in->cfg, p, scope))
      continue;
    if (!any) {
      int lv = scope < 0 ? 0 : in->cfg->nodes[scope].level + 1;
      const char *lname = (size_t)lv < in->cfg->nlevels ? in->cfg->levels[lv] : "node";
      g_string_append_printf(b->txt, "By %s:\n", lname);
      g_string_append(b->html, "<p style=\"margin:10px 0 4px\">By ");
      html_esc(b->html, lname);
      g_string_append(b->html, ":</p><table style=\"border-collapse:collapse;font-size:14px\">\n");
      any = 1;
    }
    const char *g = jstr(n, "grade");
    char usd[48];
    money(json_object_get(n, "usage_usd"), usd, sizeof usd);
    g_string_append_printf(b->txt, "  %-40s %3lld %-2s %14s\n", last_part(p),
                           (long long)json_integer_value(json_object_get(n, "score")), g ? g : "", usd);
    g_string_append(b->html, "<tr><td style=\"padding:3px 12px 3px 0\">");
    html_esc(b->html, last_part(p));
    g_string_append_printf(
        b->html,
        "</td><td style=\"padding:3px 8px;text-align:right\">%lld</td><td style=\"padding:3px "
        "8px;color:%s;font-weight:bold\">",
        (long long)json_integer_value(json_object_get(n, "score")), grade_colour(g));
    html_esc(b->html, g);
    g_string_append(b->html, "</td><td style=\"padding:3px 0 3px 8px;text-align:right\">");
    html_esc(b->html, usd);
    g_string_append(b->html, "</td></tr>\n");
  }
  if (any)
    g_string_append(b->html, "</table>\n");
  /* alerts of the node itself */
  if (node) {
    json_t *a;
    json_array_foreach(json_object_get(node, "alerts"), i, a) {
      const char *m = jstr(a, "message"), *sev = jstr(a, "severity");
      if (!m)
        continue;
      char *line = fc_asprintf("Alert (%s): %s", sev ? sev : "info", m);
      if (line)
        paragraph(b, line);
      free(line);
    }
  }
}

static void key_figures(body *b, const fc_msg_input *in, const json_t *node, const json_t *prev_node,
                        int have_prev) {
  heading(b, "Key figures");
  char prev_period[16] = "";
  if (have_prev) {
    const char *pp = jstr(in->previous, "period");
    snprintf(prev_period, sizeof prev_period, "%s", pp ? pp : "last month");
  }
  g_string_append(b->html, "<table style=\"border-collapse:collapse;font-size:14px\">\n");
  char h2[64];
  snprintf(h2, sizeof h2, "%s", have_prev ? prev_period : "");
  g_string_append_printf(b->txt, "  %-34s %18s   %s\n", "", in->period, h2);
  g_string_append(b->html,
                  "<tr style=\"color:#666\"><td></td><td style=\"padding:4px 12px;text-align:right\">");
  html_esc(b->html, in->period);
  g_string_append(b->html, "</td><td style=\"padding:4px 0 4px 12px;text-align:right\">");
  html_esc(b->html, h2);
  g_string_append(b->html, "</td></tr>\n");
  const fc_tpl_message *m = in->tpl ? &in->tpl->message : NULL;
  if (m && node)
    figure_rows(b, m->figures, m->nfigures, node, prev_node, have_prev);
  else if (m)
    figure_rows(b, m->org_figures, m->norg_figures, json_object_get(in->summary, "totals"),
                have_prev ? json_object_get(in->previous, "totals") : NULL, have_prev);
  g_string_append(b->html, "</table>\n");
  if (!have_prev)
    paragraph(b,
              "No report for last month has been published beside this one, so there is nothing to compare.");
}

static int severity_rank(const char *s) {
  return !strcmp(s, "high") ? 0 : !strcmp(s, "medium") ? 1 : !strcmp(s, "low") ? 2 : 3;
}

#define TASKS_SHOWN 12

/* 1 when a task's assignees ("a@x; b@y": one task for the people who act on it together) name
 * the recipient: such a task is in their pack wherever its finding lies. */
static int assigned_to(const fc_msg_input *in, const char *emails) {
  const char *me = json_string_value(json_object_get(in->person, "email"));
  size_t ml = me ? strlen(me) : 0;
  for (const char *e = emails; ml && e && *e;) {
    size_t l = strcspn(e, ";");
    if (l == ml && strncasecmp(e, me, ml) == 0)
      return 1;
    e += l;
    e += strspn(e, "; ");
  }
  return 0;
}

static int task_shown(const fc_msg_input *in, const tasks *t, size_t i, int scope) {
  return visible(in->cfg, t->v[i].f[2], scope) || assigned_to(in, t->v[i].f[7]);
}

static void open_tasks(body *b, const fc_msg_input *in, const tasks *t, int scope, size_t *high) {
  heading(b, "Open tasks");
  size_t shown = 0, total = 0;
  *high = 0;
  for (size_t i = 0; i < t->n; i++)
    if (task_shown(in, t, i, scope)) {
      total++;
      *high += !strcmp(t->v[i].f[5], "high");
    }
  if (!total) {
    paragraph(b, "No open tasks. Well done.");
    return;
  }
  char *intro = fc_asprintf("%zu open task%s, %zu of high severity:", total, total == 1 ? "" : "s", *high);
  paragraph(b, intro ? intro : "");
  free(intro);
  g_string_append(b->html, "<ol style=\"margin:4px 0 4px 20px;padding:0;font-size:14px\">\n");
  for (int rank = 0; rank <= 3; rank++)
    for (size_t i = 0; i < t->n && shown < TASKS_SHOWN; i++) {
      const task *k = &t->v[i];
      if (severity_rank(k->f[5]) != rank || !task_shown(in, t, i, scope))
        continue;
      shown++;
      json_t *usd = json_real(strtod(k->f[8], NULL));
      char m[48];
      money(usd, m, sizeof m);
      json_decref(usd);
      const char *where = k->f[2][0] ? last_part(k->f[2]) : "organisation";
      g_string_append_printf(b->txt, "%2zu. [%s] %s, %s (%s at stake; %s, %s)\n    %s\n", shown, k->f[5],
                             k->f[4], where, m, k->f[0], k->f[7][0] ? k->f[7] : k->f[6], k->f[9]);
      g_string_append_printf(b->html,
                             "<li style=\"margin:0 0 8px\"><span style=\"color:%s;font-weight:bold\">",
                             rank == 0   ? "#c62828"
                             : rank == 1 ? "#e65100"
                                         : "#555");
      html_esc(b->html, k->f[5]);
      g_string_append(b->html, "</span> <b>");
      html_esc(b->html, k->f[4]);
      g_string_append(b->html, "</b>, ");
      html_esc(b->html, where);
      g_string_append(b->html, " &middot; ");
      html_esc(b->html, m);
      g_string_append(b->html, " at stake &middot; for ");
      html_esc(b->html, k->f[7][0] ? k->f[7] : k->f[6]);
      g_string_append(b->html, " &middot; <code>");
      html_esc(b->html, k->f[0]);
      g_string_append(b->html, "</code><br>");
      html_esc(b->html, k->f[9]);
      g_string_append(b->html, "</li>\n");
    }
  g_string_append(b->html, "</ol>\n");
  if (total > shown) {
    char *more = fc_asprintf("... and %zu more in the attached tasks.csv.", total - shown);
    paragraph(b, more ? more : "");
    free(more);
  }
}

/* ---- MIME parts ---- */

static GMimePart *binary_part(const char *type, const char *subtype, const char *data, size_t len) {
  GMimePart *part = g_mime_part_new_with_type(type, subtype);
  GMimeStream *s = g_mime_stream_mem_new_with_buffer(data, len);
  GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(s, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(part, w);
  g_object_unref(w);
  g_object_unref(s);
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  return part;
}

static GMimeTextPart *text_part(const char *subtype, const char *utf8) {
  GMimeTextPart *t = g_mime_text_part_new_with_subtype(subtype);
  g_mime_text_part_set_text(t, utf8);
  g_mime_text_part_set_charset(t, "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(t), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return t;
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && !strcmp(s + a - b, suf);
}

typedef struct chosen {
  const char *rel; /* path relative to the period folder */
  int pack;        /* index of the pack */
} chosen;

/* ---- the message ---- */

fc_status fc_msg_build(const fc_msg_input *in, const char *message_id, fc_msg *out, fc_diags *diags) {
  memset(out, 0, sizeof *out);
  const json_t *person = in->person;
  const char *email = jstr(person, "email"), *name = jstr(person, "name"), *role = jstr(person, "role");
  const json_t *packs = json_object_get(person, "packs");
  if (!email || !json_is_array(packs)) {
    fc_diags_add(diags, FC_SEV_ERROR, in->period_dir, 0, 0, "manifest.json: a person without email or packs");
    return FC_ERR_PARSE;
  }
  const fc_config *cfg = in->cfg;
  const char *org = cfg->organization && *cfg->organization ? cfg->organization : "FinOps";
  fc_status st = FC_OK;
  body b = {g_string_new(NULL), g_string_new(NULL)};
  GPtrArray *keep = g_ptr_array_new_with_free_func(free); /* file contents the parts point into */
  chosen charts[2];
  int ncharts = 0;
  chosen attach[64];
  size_t nattach = 0;
  GString *left_out = g_string_new(NULL);
  size_t high_total = 0;
  GString *subj_nodes = g_string_new(NULL); /* "HR Portal, 2026-11, grade A" per pack */

  char from_addr[320];
  fc_mailbox_addr(in->email->from, from_addr, sizeof from_addr);
  const char *domain = strrchr(from_addr, '@') + 1;

  g_string_append(b.html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
  html_esc(b.html, org);
  g_string_append(b.html, "</title></head>\n<body style=\"font-family:'DejaVu Sans',Arial,sans-serif;color:"
                          "#212121;max-width:760px;margin:16px\">\n");
  char *hello = fc_asprintf("Hello %s,", name && *name ? name : email);
  paragraph(&b, hello ? hello : "Hello,");
  free(hello);
  char *intro = fc_asprintf("here is your %s FinOps report card for %s (Amazon Bedrock spend), as %s.", org,
                            in->period, role ? role : "reader");
  for (char *p = intro ? strstr(intro, ", as ") : NULL; p && *p; p++)
    if (*p == '_')
      *p = ' ';
  paragraph(&b, intro ? intro : "");
  free(intro);
  if (in->replaces) {
    char *r = fc_asprintf("This message replaces the one sent %s (Message-ID %s): the reports for %s have "
                          "changed since.",
                          in->replaces_at ? in->replaces_at : "earlier", in->replaces, in->period);
    g_string_append(b.html, "<p style=\"margin:8px 0;padding:8px;background:#fff3e0;border-left:4px solid "
                            "#e65100\">");
    html_esc(b.html, r ? r : "");
    g_string_append(b.html, "</p>\n");
    g_string_append_printf(b.txt, "\n%s\n", r ? r : "");
    free(r);
  }

  size_t ip;
  json_t *pk;
  json_array_foreach(packs, ip, pk) {
    const char *path = jstr(pk, "node");
    int scope = pack_node(cfg, path);
    if (!path || scope == -2) {
      fc_diags_add(diags, FC_SEV_ERROR, in->period_dir, 0, 0,
                   "manifest.json: %s's pack names node '%s', which the configuration does not have", email,
                   path ? path : "");
      st = FC_ERR_PARSE;
      goto out;
    }
    const json_t *node = *path ? node_of(in->summary, path) : NULL;
    const json_t *prev = in->previous && *path ? node_of(in->previous, path) : NULL;
    /* one pack: "HR Portal, 2026-11, grade A"; several: "HR Portal grade A, Doc Classifier grade F, 2026-11"
     */
    if (json_array_size(packs) > 1)
      g_string_append_printf(subj_nodes, "%s%s grade %s", subj_nodes->len ? ", " : "",
                             *path ? last_part(path) : "Organisation",
                             node && jstr(node, "grade") ? jstr(node, "grade") : "n/a");
    else
      g_string_append_printf(subj_nodes, "%s, %s, grade %s", *path ? last_part(path) : "Organisation",
                             in->period, node && jstr(node, "grade") ? jstr(node, "grade") : "n/a");
    g_string_append_printf(b.txt, "\n== %s ==\n", *path ? path : org);
    g_string_append(b.html, "<h1 style=\"font-size:21px;margin:20px 0 0;padding:6px 0 2px\">");
    html_esc(b.html, *path ? last_part(path) : org);
    g_string_append(b.html, "</h1>\n<div style=\"font-size:12px;color:#666;border-bottom:2px solid #1a237e;"
                            "padding:0 0 6px;word-break:break-all\">");
    html_esc(b.html, *path ? path : "the whole organisation");
    g_string_append(b.html, "</div>\n");
    report_card(&b, in, path, scope, node);
    /* the charts: for a workload its daily spend and its models (its report card chart is one bar);
     * above, the grades of what lies beneath and the daily spend */
    static const char *const prefer_workload[] = {"charts/daily_spend.png", "charts/spend_by_model.png",
                                                  "charts/", NULL};
    static const char *const prefer_group[] = {"charts/report_card.png", "charts/daily_spend.png", "charts/",
                                               NULL};
    const char *const *prefer =
        scope >= 0 && cfg->nodes[scope].workload >= 0 ? prefer_workload : prefer_group;
    size_t jf;
    json_t *f;
    for (const char *const *want = prefer; *want; want++)
      json_array_foreach(json_object_get(pk, "files"), jf, f) {
        const char *rel = json_string_value(f);
        if (!rel || !ends_with(rel, ".png") || !strstr(rel, *want) || ncharts >= in->email->inline_charts)
          continue;
        int dup = 0;
        for (int c = 0; c < ncharts; c++)
          dup |= !strcmp(charts[c].rel, rel);
        if (dup)
          continue;
        charts[ncharts].rel = rel;
        charts[ncharts].pack = (int)ip;
        g_string_append_printf(b.html, "<p style=\"margin:10px 0\"><img src=\"cid:chart%d.%s@%s\" alt=\"",
                               ncharts + 1, in->period, domain);
        html_esc(b.html, last_part(rel));
        g_string_append(b.html, "\" style=\"max-width:100%\"></p>\n");
        g_string_append_printf(b.txt, "[chart: %s, shown in the HTML version]\n", last_part(rel));
        ncharts++;
      }
    if (node || !*path)
      key_figures(&b, in, node, prev, in->previous != NULL);
    /* the tasks */
    tasks t = {0};
    int have_tasks = 0;
    json_array_foreach(json_object_get(pk, "files"), jf, f) {
      const char *rel = json_string_value(f);
      if (!rel)
        continue;
      if (ends_with(rel, "/tasks.csv")) {
        char *data = NULL;
        size_t len = 0;
        if (read_published(in, rel, &data, &len, diags)) {
          st = FC_ERR_IO;
          goto out;
        }
        if (fc_msg_tasks_read(data, len, &t)) {
          fc_diags_add(diags, FC_SEV_ERROR, rel, 0, 0, "the pack's task list is not the CSV expected");
          free(data);
          fc_msg_tasks_free(&t);
          st = FC_ERR_PARSE;
          goto out;
        }
        free(data);
        have_tasks = 1;
      }
      if ((ends_with(rel, ".xlsx") || ends_with(rel, "/tasks.csv")) && nattach < 64) {
        attach[nattach].rel = rel;
        attach[nattach].pack = (int)ip;
        nattach++;
      }
    }
    size_t high = 0;
    if (have_tasks)
      open_tasks(&b, in, &t, scope, &high);
    high_total += high;
    fc_msg_tasks_free(&t);
  }

  /* ---- assemble ---- */
  {
    GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
    g_mime_multipart_set_boundary(mixed, "=_fc_mixed");
    GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
    g_mime_multipart_set_boundary(alt, "=_fc_alternative");
    int64_t used = 0;
    int npacks = (int)json_array_size(packs);
    for (size_t i = 0; i < nattach; i++) {
      char *data = NULL;
      size_t len = 0;
      if (read_published(in, attach[i].rel, &data, &len, diags)) {
        g_object_unref(alt);
        g_object_unref(mixed);
        st = FC_ERR_IO;
        goto out;
      }
      if (used + (int64_t)len > in->email->max_attachment_bytes) {
        g_string_append_printf(left_out, "%s (%zu bytes)", attach[i].rel, len);
        g_string_append_c(left_out, '\n');
        free(data);
        continue;
      }
      used += (int64_t)len;
      g_ptr_array_add(keep, data);
      int xlsx = ends_with(attach[i].rel, ".xlsx");
      GMimePart *part = xlsx ? binary_part("application",
                                           "vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, len)
                             : binary_part("text", "csv", data, len);
      if (!xlsx)
        g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
      /* several packs: the node's name tells the files apart */
      const char *node = jstr(json_array_get(packs, (size_t)attach[i].pack), "node");
      char *fname = npacks > 1 ? fc_asprintf("%s - %s", node && *node ? last_part(node) : "Organisation",
                                             last_part(attach[i].rel))
                               : fc_strdup(last_part(attach[i].rel));
      g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
      g_mime_part_set_filename(part, fname ? fname : "attachment");
      free(fname);
      g_mime_multipart_add(mixed, GMIME_OBJECT(part));
      g_object_unref(part);
    }
    if (left_out->len) {
      char lim[32];
      snprintf(lim, sizeof lim, "%lld", (long long)in->email->max_attachment_bytes);
      heading(&b, "Files left out");
      char *t = fc_asprintf("These files would take the attachments past the %s-byte limit for one message; "
                            "they are in the published reports under %s/:",
                            lim, in->period);
      paragraph(&b, t ? t : "");
      free(t);
      char *save = NULL;
      for (char *line = strtok_r(left_out->str, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        g_string_append_printf(b.txt, "  - %s\n", line);
        g_string_append(b.html, "<p style=\"margin:2px 0 2px 16px\">&bull; ");
        html_esc(b.html, line);
        g_string_append(b.html, "</p>\n");
      }
    }
    paragraph(&b, "");
    char *foot =
        fc_asprintf("Every figure above comes from summary.json of the %s reports, scoped to what you "
                    "are responsible for. Reply to this message with questions.",
                    in->period);
    g_string_append_printf(b.txt, "\n-- \n%s\n", foot ? foot : "");
    g_string_append(b.html, "<p style=\"margin:24px 0 0;color:#777;font-size:12px\">");
    html_esc(b.html, foot);
    g_string_append(b.html, "</p>\n</body></html>\n");
    free(foot);

    GMimeTextPart *plain = text_part("plain", b.txt->str);
    g_mime_multipart_add(alt, GMIME_OBJECT(plain));
    g_object_unref(plain);
    GMimeTextPart *html = text_part("html", b.html->str);
    if (ncharts) {
      /* RFC 2387: the root (the HTML) first; type names it */
      GMimeMultipart *rel = g_mime_multipart_new_with_subtype("related");
      g_mime_multipart_set_boundary(rel, "=_fc_related");
      g_mime_object_set_content_type_parameter(GMIME_OBJECT(rel), "type", "text/html");
      g_mime_multipart_add(rel, GMIME_OBJECT(html));
      for (int c = 0; c < ncharts; c++) {
        char *data = NULL;
        size_t len = 0;
        if (read_published(in, charts[c].rel, &data, &len, diags)) {
          st = FC_ERR_IO;
          continue;
        }
        g_ptr_array_add(keep, data);
        GMimePart *img = binary_part("image", "png", data, len);
        g_mime_object_set_disposition(GMIME_OBJECT(img), GMIME_DISPOSITION_INLINE);
        g_mime_part_set_filename(img, last_part(charts[c].rel));
        char *cid = fc_asprintf("chart%d.%s@%s", c + 1, in->period, domain);
        g_mime_object_set_content_id(GMIME_OBJECT(img), cid ? cid : "chart");
        free(cid);
        g_mime_multipart_add(rel, GMIME_OBJECT(img));
        g_object_unref(img);
      }
      g_mime_multipart_add(alt, GMIME_OBJECT(rel));
      g_object_unref(rel);
    } else {
      g_mime_multipart_add(alt, GMIME_OBJECT(html));
    }
    g_object_unref(html);
    g_mime_multipart_insert(mixed, 0, GMIME_OBJECT(alt));
    g_object_unref(alt);

    GMimeMessage *msg = g_mime_message_new(TRUE);
    InternetAddressList *fl = internet_address_list_parse(NULL, in->email->from);
    if (fl)
      internet_address_list_append(g_mime_message_get_from(msg), fl), g_object_unref(fl);
    if (in->email->reply_to) {
      InternetAddressList *rl = internet_address_list_parse(NULL, in->email->reply_to);
      if (rl)
        internet_address_list_append(g_mime_message_get_reply_to(msg), rl), g_object_unref(rl);
    }
    InternetAddress *to = internet_address_mailbox_new(name && *name ? name : NULL, email);
    internet_address_set_charset(to, "utf-8"); /* encoded words in UTF-8, like the subject */
    internet_address_list_add(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), to);
    g_object_unref(to);
    char hi[48];
    snprintf(hi, sizeof hi, "%zu high-severity task%s", high_total, high_total == 1 ? "" : "s");
    if (json_array_size(packs) > 1)
      g_string_append_printf(subj_nodes, ", %s", in->period);
    char *subject = fc_asprintf("%s FinOps report card%s: %s, %s", org, json_array_size(packs) > 1 ? "s" : "",
                                subj_nodes->str, hi);
    g_mime_message_set_subject(msg, subject ? subject : "FinOps report card", "utf-8");
    g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", NULL);
    if (message_id) {
      GDateTime *now = g_date_time_new_now_utc();
      g_mime_message_set_date(msg, now);
      g_date_time_unref(now);
      g_mime_message_set_message_id(msg, message_id);
    }
    g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
    g_object_unref(mixed);

    GMimeFormatOptions *fo = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
    g_mime_format_options_set_param_encoding_method(fo, GMIME_PARAM_ENCODING_METHOD_RFC2231);
    GMimeStream *ms = g_mime_stream_mem_new();
    g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, ms);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
    out->data = malloc(ba->len + 1);
    if (out->data) {
      memcpy(out->data, ba->data, ba->len);
      out->data[ba->len] = 0;
      out->len = ba->len;
    }
    g_object_unref(ms);
    g_mime_format_options_free(fo);
    g_object_unref(msg);
    out->to_addr = fc_strdup(email);
    out->from_addr = fc_strdup(from_addr);
    out->subject = subject;
    if (!out->data || !out->to_addr || !out->from_addr)
      st = FC_ERR_NOMEM;
  }
out:
  g_string_free(subj_nodes, TRUE);
  g_string_free(left_out, TRUE);
  g_string_free(b.txt, TRUE);
  g_string_free(b.html, TRUE);
  g_ptr_array_free(keep, TRUE);
  if (st != FC_OK)
    fc_msg_free(out);
  return st;
}

void fc_msg_free(fc_msg *m) {
  free(m->data);
  free(m->to_addr);
  free(m->from_addr);
  free(m->subject);
  memset(m, 0, sizeof *m);
}
