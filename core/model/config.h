/* config.h: finops.yaml and the claims ledger, loaded into a validated model. */
#ifndef FC_CONFIG_H
#define FC_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "finops/plugin.h"
#include "util.h"

typedef struct fc_pos {
  int line, col; /* 1-based position of the node in its YAML file; 0 when synthesised */
} fc_pos;

typedef enum fc_role {
  FC_ROLE_FINOPS_LEADER = 0,
  FC_ROLE_PORTFOLIO_MANAGER,
  FC_ROLE_PRODUCT_OWNER,
  FC_ROLE_CLOUD_ENGINEER,
  FC_ROLE_COUNT
} fc_role;

/* "finops_leader", ... ; NULL for out-of-range values. */
const char *fc_role_name(fc_role r);

/* One hierarchy node; nodes are derived from workload paths (every prefix is a node) and
 * sorted by path one component at a time (strcmp per component, a prefix first), so a parent
 * always comes right before its subtree: "A", "A/B", "A/B/C", "A/C", "A-2". */
typedef struct fc_cfg_node {
  char *name;
  char *path;
  int parent;   /* index, -1 for top level */
  int level;    /* 0-based depth */
  int workload; /* workload index, or -1 */
} fc_cfg_node;

typedef struct fc_cfg_workload {
  char *id;
  char *name;
  char *parent; /* node path of the parent */
  char *path;   /* parent + "/" + name */
  int node;     /* index into nodes */
  int map_eligible;
  fc_estimate_kind estimate_kind;
  fc_money estimate_usd;
  int64_t estimate_tokens[4]; /* input, output, cache_read, cache_write */
  fc_pos pos;
} fc_cfg_workload;

typedef struct fc_cfg_account {
  char *account; /* 12 digits */
  char *path;
  int node;
  fc_pos pos;
} fc_cfg_account;

typedef struct fc_cfg_claim {
  char *workload_id;
  int workload; /* index into workloads */
  fc_claim_kind kind;
  char *arn;
  char *account; /* from the ARN */
  char *name;    /* role name without path, user name (path dropped), or profile id */
  int32_t from_day;
  int32_t until_day;  /* INT32_MAX when open-ended */
  char *claimed_by;   /* may be NULL */
  int32_t claimed_at; /* -1 when absent */
  fc_pos pos;
} fc_cfg_claim;

typedef struct fc_cfg_policy {
  char *path; /* node path, or "*" */
  int node;   /* -1 for "*" */
  char **patterns;
  size_t npatterns;
  fc_pos pos;
} fc_cfg_policy;

typedef struct fc_cfg_person {
  char *email;
  char *name;
  fc_role role;
  char **scope;     /* node paths as written; "*" means the whole organisation */
  int *scope_nodes; /* node index per scope entry; -1 for "*" */
  size_t nscope;
  fc_pos pos;
} fc_cfg_person;

/* plugins: {name: {key: scalar}} : options for plugins, kept as text. */
typedef struct fc_cfg_option {
  char *plugin;
  char *key;
  char *value;
} fc_cfg_option;

typedef struct fc_config {
  char *file; /* path of finops.yaml as given */
  char *dir;  /* folder of the config file: relative paths resolve against it */
  int version;
  char *organization;
  char *currency;
  char **cur_inputs; /* as written (relative to dir) */
  size_t ncur_inputs;

  char **facts_inputs; /* query results read as facts (inputs.facts), as written */
  size_t nfacts_inputs;
  int cur_engine_duckdb; /* inputs.engine: duckdb: CUR CSV files are read by embedded DuckDB too */

  int32_t period; /* YYYYMM, 0 when absent */
  int32_t as_of;  /* day, INT32_MIN when absent */
  char **levels;
  size_t nlevels;
  fc_cfg_account *accounts;
  size_t naccounts;
  fc_cfg_workload *workloads;
  size_t nworkloads;
  fc_cfg_node *nodes;
  size_t nnodes;
  char *claims_file; /* resolved path (dir joined) */
  fc_cfg_claim *claims;
  size_t nclaims;
  fc_cfg_policy *policy;
  size_t npolicy;
  double cache_hit_rate_healthy; /* default 0.30 */
  char *prices_file;             /* resolved path or NULL */
  int weights[5];                /* attribution, budget, cache, map, models; defaults 25,25,15,20,15 */
  fc_cfg_person *people;
  size_t npeople;
  char *output_dir; /* resolved path; default "<dir>/out" */
  fc_cfg_option *options;
  size_t noptions;
  /* where finops.yaml sets claims_file and prices (line 0: not set), for messages */
  int claims_file_line, claims_file_col;
  int prices_line, prices_col;
} fc_config;

/* Loads and validates path (finops.yaml) and the claims ledger it names (a claims_file that the
 * config sets but that does not exist is an error at its position). Every problem is
 * recorded in diags as file:line:col; returns FC_OK only when there is no error (warnings allowed).
 * On FC_ERR_IO / FC_ERR_CONFIG *out is still a valid (possibly partial) config to free.
 * Caller frees with fc_config_free. */
fc_status fc_config_load(const char *path, fc_config *out, fc_diags *diags);
/* The same, but reads the claims ledger from `ledger` (as given, not resolved) instead of the
 * configured claims_file; cfg->claims_file is then `ledger`. `finops claim` validates the ledger it
 * is about to publish this way. With ledger NULL it reads the configured claims_file, and a
 * missing one is an empty ledger (`finops claim` starts a new ledger there). */
fc_status fc_config_load_ledger(const char *path, const char *ledger, fc_config *out, fc_diags *diags);
void fc_config_free(fc_config *cfg);

/* Node index by path; -1 when absent. */
int fc_config_node_find(const fc_config *cfg, const char *path);
/* Workload index by id; -1 when absent. */
int fc_config_workload_find(const fc_config *cfg, const char *id);

/* Node that `accounts` maps a usage account to; -1 when unmapped. */
int fc_config_account_node(const fc_config *cfg, const char *account);
/* The scalar at plugins.<plugin>.<key>, borrowed from cfg; NULL when absent. */
const char *fc_config_option(const fc_config *cfg, const char *plugin, const char *key);
/* A path from the config resolved against cfg->dir (absolute paths unchanged); caller frees; NULL
 * on out of memory. */
char *fc_config_resolve(const fc_config *cfg, const char *rel);

/* Splits a claimable ARN into kind, account and name (role path dropped; profile id as the last
 * path part). Accepts arn:aws:iam::ACCT:role/[path/]NAME, arn:aws:iam::ACCT:user/[path/]NAME,
 * arn:aws:bedrock:REGION:ACCT:application-inference-profile/ID. Returns 0 or -1 with *why set
 * to a static message. account and name are newly allocated; caller frees. */
int fc_arn_parse_claim(const char *arn, fc_claim_kind *kind, char **account, char **name, const char **why);

/* Reports every claim of cfg->claims that overlaps an earlier one, in diags against
 * cfg->claims_file (fc_config_load does this for the ledger it loads). */
void fc_claims_check_overlaps(const fc_config *cfg, fc_diags *diags);
/* 1 when a and b claim the same principal or profile (same kind, account and name) over
 * intersecting [from_day, until_day] ranges, whatever their workloads; 0 otherwise, and for a
 * claim whose ARN, workload or dates did not load. */
int fc_claims_overlap(const fc_cfg_claim *a, const fc_cfg_claim *b);
/* "role", "IAM user", "inference profile". */
const char *fc_claim_kind_word(fc_claim_kind k);

#endif
