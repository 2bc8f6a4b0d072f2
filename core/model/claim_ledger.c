/* claim_ledger.c: the claims ledger as text: appending a claim and ending one in place, keeping
 * the file's own layout, comments and order (finops claim, finops claim --until). */
#include "claim.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>
#include "bedrock.h"
#include "config.h"
#include "claim_int.h"
#include "util.h"

/* ---------------------------------------------------------------------------------------------
 * A growable text buffer
 * ------------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------------
 * The ledger entry
 * ------------------------------------------------------------------------------------------- */

static const char *kind_key(fc_claim_kind k) {
  switch (k) {
  case FC_CLAIM_ROLE:
    return "iam_role";
  case FC_CLAIM_USER:
    return "iam_user";
  case FC_CLAIM_PROFILE:
    return "inference_profile";
  }
  return "?";
}

/* A plain scalar reads back as the same string when it starts with a letter, holds printable
 * ASCII without spaces (so no ": " or " #"), does not end with ':' and is no null or boolean word. */
static int plain_ok(const char *s) {
  static const char *const words[] = {
      "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no",
      "No",   "NO",   "on",   "On",   "ON",   "off",  "Off",   "OFF",   "y",     "Y",   "n",   "N",   NULL};
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
    return 0;
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
      return 0;
  if (s[n - 1] == ':')
    return 0;
  for (const char *const *w = words; *w; w++)
    if (!strcmp(s, *w))
      return 0;
  return 1;
}

static void put_scalar(tbuf *b, const char *s) {
  if (plain_ok(s)) {
    puts_b(b, s);
    return;
  }
  put(b, "\"", 1);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    char esc[8];
    if (*c == '"' || *c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)*c;
      put(b, esc, 2);
    } else if (*c < 0x20 || *c == 0x7f) {
      snprintf(esc, sizeof esc, "\\x%02x", *c);
      puts_b(b, esc);
    } else {
      put(b, (const char *)c, 1);
    }
  }
  put(b, "\"", 1);
}

/* Byte offset of the character index libyaml reports in a mark (it counts characters, and a
 * byte-order mark not at all). */
static size_t byte_offset(const char *text, size_t len, size_t index) {
  size_t i = 0;
  if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  for (size_t chars = 0; i < len; i++) {
    if (((unsigned char)text[i] & 0xc0) == 0x80)
      continue;
    if (chars == index)
      return i;
    chars++;
  }
  return len;
}

/* Where the entry goes: bytes [cut_from, cut_to) to drop (an empty flow list, an explicit null),
 * and the column of the list's "-". Returns 0, or -1 with *why. */
static int ledger_shape(const char *text, size_t len, size_t *cut_from, size_t *cut_to, int *indent,
                        const char **why) {
  *cut_from = *cut_to = 0;
  *indent = 0;
  if (len == 0)
    return 0;
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    *why = "out of memory";
    return -1;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  if (!yaml_parser_load(&parser, &doc)) {
    yaml_parser_delete(&parser);
    *why = "the claims ledger is not valid YAML";
    return -1;
  }
  int rc = 0;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (root && root->type == YAML_SEQUENCE_NODE) {
    int empty = root->data.sequence.items.top == root->data.sequence.items.start;
    if (root->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE) {
      if (empty) {
        *cut_from = byte_offset(text, len, root->start_mark.index);
        *cut_to = byte_offset(text, len, root->end_mark.index);
      } else {
        *why = "the claims ledger is a flow-style list ([...]); write it as a block list, one "
               "'- workload: ...' entry per claim, to append to it";
        rc = -1;
      }
    } else {
      *indent = (int)root->start_mark.column;
    }
  } else if (root && root->type == YAML_SCALAR_NODE && root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
    /* "~" or "null": no claims yet */
    *cut_from = byte_offset(text, len, root->start_mark.index);
    *cut_to = byte_offset(text, len, root->end_mark.index);
  } else if (root) {
    *why = "the claims ledger must be a list of claims";
    rc = -1;
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  return rc;
}

char *fc_claim_ledger_append(const char *existing, size_t len, const char *workload, fc_claim_kind kind,
                             const char *arn, int32_t from_day, const char *claimed_by, int32_t claimed_at,
                             size_t *out_len, const char **why) {
  const char *dummy;
  if (!why)
    why = &dummy;
  if (!existing)
    len = 0;
  size_t cut_from, cut_to;
  int indent;
  if (ledger_shape(existing, len, &cut_from, &cut_to, &indent, why))
    return NULL;
  tbuf b = {0};
  put(&b, "", 0);
  if (cut_to > cut_from) {
    /* drop the line too when nothing but blanks would be left on it */
    size_t ls = cut_from, le = cut_to;
    while (ls > 0 && existing[ls - 1] != '\n')
      ls--;
    while (le < len && existing[le] != '\n')
      le++;
    int blank = 1;
    for (size_t i = ls; i < le && blank; i++)
      if (!(i >= cut_from && i < cut_to) && existing[i] != ' ' && existing[i] != '\t' && existing[i] != '\r')
        blank = 0;
    if (blank) {
      cut_from = ls;
      cut_to = le < len ? le + 1 : le;
    }
    put(&b, existing, cut_from);
    put(&b, existing + cut_to, len - cut_to);
  } else {
    put(&b, existing ? existing : "", len);
  }
  const char *first_nl = existing ? memchr(existing, '\n', len) : NULL;
  const char *nl = first_nl && first_nl > existing && first_nl[-1] == '\r' ? "\r\n" : "\n";
  if (b.n > 0 && b.p[b.n - 1] != '\n')
    puts_b(&b, nl);
  char pad[64];
  int w = indent < (int)sizeof pad - 3 ? indent : (int)sizeof pad - 3;
  memset(pad, ' ', (size_t)w);
  pad[w] = '\0';
  char day[11];
  puts_b(&b, pad);
  puts_b(&b, "- workload: ");
  put_scalar(&b, workload);
  puts_b(&b, nl);
  puts_b(&b, pad);
  puts_b(&b, "  ");
  puts_b(&b, kind_key(kind));
  puts_b(&b, ": ");
  put_scalar(&b, arn);
  puts_b(&b, nl);
  puts_b(&b, pad);
  puts_b(&b, "  from: ");
  puts_b(&b, fc_date_format(from_day, day));
  puts_b(&b, nl);
  if (claimed_by) {
    puts_b(&b, pad);
    puts_b(&b, "  claimed_by: ");
    put_scalar(&b, claimed_by);
    puts_b(&b, nl);
  }
  puts_b(&b, pad);
  puts_b(&b, "  claimed_at: ");
  puts_b(&b, fc_date_format(claimed_at, day));
  puts_b(&b, nl);
  if (b.oom) {
    free(b.p);
    *why = "out of memory";
    return NULL;
  }
  *out_len = b.n;
  return b.p;
}

/* ---------------------------------------------------------------------------------------------
 * Numbers for people: 1,234 and 1,234.56
 * ------------------------------------------------------------------------------------------- */

/* Offset of the start of 1-based line `line`, or len when the text has fewer lines. */
static size_t line_start(const char *t, size_t len, int line) {
  size_t i = 0;
  for (int l = 1; l < line && i < len; i++)
    if (t[i] == '\n')
      l++;
  return i;
}

char *fc_claim_ledger_end(const char *existing, size_t len, int line, int32_t until_day, size_t *out_len,
                          const char **why) {
  *why = "the claim's entry is not a block-style mapping with a 'from:' line; end it by editing the ledger";
  if (line < 1 || !existing)
    return NULL;
  size_t first = line_start(existing, len, line);
  /* the entry's keys start at the column of its first key: "  - workload: x" -> 4 */
  size_t k = first;
  while (k < len && existing[k] == ' ')
    k++;
  if (k < len && existing[k] == '-') {
    k++;
    while (k < len && existing[k] == ' ')
      k++;
  }
  size_t indent = k - first;
  size_t from_end = 0, until_at = 0, until_end = 0;
  int have_from = 0, have_until = 0;
  for (size_t at = first; at < len;) {
    size_t eol = at;
    while (eol < len && existing[eol] != '\n')
      eol++;
    size_t next = eol < len ? eol + 1 : len;
    size_t sp = at;
    while (sp < eol && existing[sp] == ' ')
      sp++;
    int blank = sp == eol || existing[sp] == '#';
    size_t key = at == first ? first + indent : at + indent;
    if (at != first && !blank && sp - at < indent)
      break; /* the next entry or the end of the list */
    if (!blank && (at == first || sp - at == indent) && key < eol) {
      if (eol - key >= 5 && memcmp(existing + key, "from:", 5) == 0) {
        have_from = 1;
        from_end = next;
      } else if (eol - key >= 6 && memcmp(existing + key, "until:", 6) == 0) {
        have_until = 1;
        until_at = at;
        until_end = next;
      }
    }
    at = next;
  }
  if (!have_from || (from_end == len && (len == 0 || existing[len - 1] != '\n')))
    return NULL;
  char day[11];
  fc_date_format(until_day, day);
  tbuf b = {0};
  if (have_until) {
    put(&b, existing, until_at);
  } else {
    put(&b, existing, from_end);
  }
  for (size_t i = 0; i < indent; i++)
    puts_b(&b, " ");
  puts_b(&b, "until: ");
  puts_b(&b, day);
  puts_b(&b, "\n");
  if (have_until)
    put(&b, existing + until_end, len - until_end);
  else
    put(&b, existing + from_end, len - from_end);
  if (b.oom) {
    free(b.p);
    *why = "out of memory";
    return NULL;
  }
  *out_len = b.n;
  return b.p;
}

/* Copies a decimal number inserting ',' between groups of three integer digits; out holds 48. */
