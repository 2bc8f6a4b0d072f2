/* config_int.h: what the parts of the configuration loader share (config.c, config_policy.c,
 * config_people.c, config_claims.c); not for other modules. */
#ifndef FC_CONFIG_INT_H
#define FC_CONFIG_INT_H

#include "config.h"
#include "config_yaml.h"

/* The loader of finops.yaml or of the claims ledger. */
typedef struct ld {
  fc_yaml y;
  fc_config *cfg;
  int depth; /* components a workload parent must have; 0 when the levels are unknown */
} ld;

/* Sections of finops.yaml, each reporting its own problems. */
void fc_cfg_load_policy(ld *L, yaml_node_t *v);
void fc_cfg_load_report_card(ld *L, yaml_node_t *v);
void fc_cfg_load_person(ld *L, yaml_node_t *item, size_t index);

/* Loads cfg->claims_file into cfg (a missing file is an empty ledger when missing_ok or when the
 * config does not name it) and checks claims for overlaps. FC_OK (problems reported in diags),
 * FC_ERR_CONFIG for a named ledger that does not exist, FC_ERR_IO when it cannot be read,
 * FC_ERR_NOMEM. */
fc_status fc_cfg_load_ledger(fc_config *cfg, fc_diags *diags, int missing_ok);

#endif
