/* tasks_fixture.c: a stand-in "policy" plugin for the task queue test: its policy.findings rows
 * come from the file named by its option `findings`, one finding a line:
 * node path|kind|severity|workload|assignee role|usd|key|detail  (node path empty = organisation) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

static const char *const writes[] = {"policy.findings", NULL};

/* "12.5" -> fixed point (no sign, up to 10 decimals). */
static fc_money money(const char *s) {
  fc_money whole = 0, frac = 0, scale = FC_MONEY_SCALE;
  for (; *s >= '0' && *s <= '9'; s++)
    whole = whole * 10 + (*s - '0');
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9' && scale > 1; s++) {
      scale /= 10;
      frac += (*s - '0') * scale;
    }
  return whole * FC_MONEY_SCALE + frac;
}

static char *dup(fc_ctx *ctx, const char *s) {
  size_t n = strlen(s);
  char *p = FC_API(ctx)->alloc(ctx, n + 1);
  if (p)
    memcpy(p, s, n + 1);
  return p;
}

static fc_status fixture_process(fc_ctx *ctx, void *state) {
  (void)state;
  const fc_host_api *api = FC_API(ctx);
  static const fc_column cols[] = {{"kind", FC_COL_TEXT},          {"severity", FC_COL_TEXT},
                                   {"workload_id", FC_COL_TEXT},   {"assignee_role", FC_COL_TEXT},
                                   {"usd_at_stake", FC_COL_MONEY}, {"key", FC_COL_TEXT},
                                   {"detail", FC_COL_TEXT}};
  fc_table *t;
  fc_status st = api->table_create(ctx, "policy.findings", cols, 7, &t);
  if (st)
    return st;
  const char *path = api->option(ctx, "findings");
  FILE *f = path ? fopen(path, "r") : NULL;
  if (!f) {
    api->error(ctx, "cannot read the findings file '%s'", path ? path : "(no option findings)");
    return FC_ERR_IO;
  }
  char line[2048];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (!line[0] || line[0] == '#')
      continue;
    char *field[8];
    int n = 0;
    for (char *p = line; n < 8; n++) {
      field[n] = p;
      char *bar = n < 7 ? strchr(p, '|') : NULL;
      if (!bar && n < 7)
        break;
      if (bar) {
        *bar = '\0';
        p = bar + 1;
      }
    }
    if (n != 8) {
      api->error(ctx, "findings file: expected 8 fields separated by |");
      fclose(f);
      return FC_ERR_PARSE;
    }
    int node = field[0][0] ? api->node_find(ctx, field[0]) : -1;
    fc_value row[7] = {{dup(ctx, field[1]), 0, 0}, {dup(ctx, field[2]), 0, 0}, {dup(ctx, field[3]), 0, 0},
                       {dup(ctx, field[4]), 0, 0}, {NULL, money(field[5]), 0}, {dup(ctx, field[6]), 0, 0},
                       {dup(ctx, field[7]), 0, 0}};
    if ((st = api->table_append(ctx, t, node, row))) {
      fclose(f);
      return st;
    }
  }
  fclose(f);
  return FC_OK;
}

static const fc_plugin_desc desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "policy",
    .version = "0.0.0",
    .description = "test fixture: findings from a file",
    .reads = NULL,
    .writes = writes,
    .init = NULL,
    .process = fixture_process,
    .finish = NULL,
};

FC_PLUGIN_DEFINE(desc)
