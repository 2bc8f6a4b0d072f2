/* templates.h: per-role report templates (templates/<role>.yaml): which results go into which
 * sheets, columns, number formats, briefing sentences and charts. Checked against the results the
 * loaded plugins declare before any data is read. See docs/reports.md for the format. */
#ifndef FC_TEMPLATES_H
#define FC_TEMPLATES_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "plugin_host.h"

typedef enum fc_tpl_format {
  FC_FMT_AUTO = 0, /* from the column's type */
  FC_FMT_TEXT,
  FC_FMT_MONEY,
  FC_FMT_PERCENT,
  FC_FMT_INT,
  FC_FMT_DATE,
  FC_FMT_REAL,
  FC_FMT_WRAP /* text wrapped within the column's width: long explanations */
} fc_tpl_format;

typedef struct fc_tpl_column {
  char *column; /* a column of the sheet's result, or $node / $name / $level (the row's node) */
  char *header; /* shown; default: the column name */
  fc_tpl_format format;
  double width; /* characters; 0 = from the content */
  int optional; /* skipped silently when the result lacks the column */
  fc_pos pos;
  int total; /* 1 summed in the totals row, 0 not, -1 by the column's type and name */
} fc_tpl_column;

/* Which rows of the scoped result a sheet shows: all, those of workload nodes, those of group nodes, or
 * only those of the pack's own node. */
typedef enum fc_tpl_rows { FC_ROWS_ALL = 0, FC_ROWS_WORKLOADS, FC_ROWS_GROUPS, FC_ROWS_SELF } fc_tpl_rows;

typedef struct fc_tpl_sheet {
  char *name;       /* worksheet name (<= 31 characters) */
  char *table;      /* a declared table "<plugin>.<name>" (fc_sheet_decl) or "*"; NULL = result's columns */
  char *result;     /* "plugin.part" */
  char *org_result; /* in the organisation's pack, the result (its organisation rows) used instead */
  int optional;     /* the sheet is left out when no loaded plugin writes the result */
  fc_tpl_rows rows;
  int rows_set;            /* the template says which rows (else the declared table does) */
  const char *total_label; /* the declared totals row label, a statement template; NULL = "Total" */
  char *sort;              /* column to sort by; NULL = result order */
  int sort_desc;
  fc_tpl_column *cols;
  size_t ncols;
  /* a native chart of two of the sheet's columns (chart_type NULL = none) */
  char *chart_type; /* "bar", "column", "pie" */
  char *chart_categories, *chart_values, *chart_title;
  fc_pos pos, chart_pos;
} fc_tpl_sheet;

/* A briefing statement: "<plugin>.<name>", a statement a plugin declares (fc_stmt_decl), or "*":
 * every declared statement for the role the template does not name, by priority;
 * fc_templates_check resolves them. */
typedef struct fc_tpl_item {
  char *kind;
  char *result; /* the kind's default unless the template names one; a statement's result */
  int optional;
  fc_pos pos;
  const fc_stmt_decl *stmt; /* resolved statement (borrowed from its loaded plugin); NULL = none */
} fc_tpl_item;

/* A PNG chart: one a loaded plugin declares, by qualified name "<plugin>.<chart>". */
typedef struct fc_tpl_chart {
  char *name;
  int optional;            /* left out silently when no loaded plugin declares it */
  const fc_chart_def *def; /* set by fc_templates_check; NULL when not declared */
  fc_pos pos;
} fc_tpl_chart;

/* A key figure: of finops send's message (a field of the node in summary.json, "a.b": b inside a),
 * or of the workbook's Briefing sheet (`key_figures:`, a column of the node's row in the *.nodes /
 * *.workloads results, left out when absent). */
typedef struct fc_tpl_figure {
  char *field;
  char *label;
  char *over;           /* key figures: shown as the change of field on this one, (field - over) / over */
  int workloads;        /* key figures: shown in a workload's pack too (default 1) */
  char *with;           /* a second field shown after it in parentheses ("score" with "grade": "80 (B)") */
  fc_tpl_format format; /* money (default), percent or integer */
  int optional;         /* left out when the field is not a number */
  int compare;          /* shown beside last month's (default 1) */
  fc_pos pos;
} fc_tpl_figure;

/* What finops send's message shows from summary.json (the template's `message:`). */
typedef struct fc_tpl_message {
  fc_tpl_figure *figures; /* of the person's node */
  size_t nfigures;
  fc_tpl_figure *org_figures; /* of the organisation: fields of summary.json's totals */
  size_t norg_figures;
  /* the report card's reasons: rows of a result at the node whose amount is positive, shown as
   * "name (-amount points): text"; NULL = none */
  char *reasons_result, *reasons_name, *reasons_amount, *reasons_text;
} fc_tpl_message;

typedef struct fc_template {
  char *file;
  fc_role role;
  char *title;
  fc_tpl_item *briefing;
  size_t nbriefing;
  fc_tpl_chart *charts;
  size_t ncharts;
  fc_tpl_sheet *sheets;
  size_t nsheets;
  int unusable; /* its results are missing (fc_templates_check, not strict): no packs */
  fc_tpl_message message;
  fc_tpl_figure *key_figures; /* the Briefing sheet's large figures, in order */
  size_t nkey_figures;
} fc_template;

typedef struct fc_templates {
  fc_template role[FC_ROLE_COUNT];
  int loaded; /* 0 when no templates folder exists: packs are not written */
} fc_templates;

/* The templates folder: $FINOPS_TEMPLATES when set, else <dir of the executable>/templates, else
 * the installed one. Caller frees. */
char *fc_default_templates_dir(void);

/* Loads <dir>/<role>.yaml for every role. A missing dir is not an error (nothing is loaded); a
 * missing or malformed template is FC_ERR_CONFIG with file:line:col in diags. */
fc_status fc_templates_load(const char *dir, fc_templates *out, fc_diags *diags);
/* Every result a template names must be written by a loaded plugin, unless the binding is
 * optional. Strict: returns FC_ERR_CONFIG with every problem in diags as an error. Not strict (the
 * shipped templates with a plugin set of the user's own): each problem is a warning and the
 * template's packs are left out. */
fc_status fc_templates_check(fc_templates *t, const fc_plugins *p, int strict, fc_diags *diags);
void fc_templates_free(fc_templates *t);
/* Frees what a sheet entry owns (not the entry itself). */
void fc_tpl_sheet_free(fc_tpl_sheet *s);

#endif
