/* mapint.h: what the map plugin's files share: the causes of spend at risk, how one usage fact is
 * classified (map.c), the audit evidence (evidence.c) and the quarter to date (quarter.c). */
#ifndef FC_MAPINT_H
#define FC_MAPINT_H

#include <stdint.h>

#include <finops/plugin.h>

/* Why usage at risk does not qualify; order = order of the by_cause rows. */
enum fcm_cause {
  FCM_NO_PROFILE = 0,
  FCM_PROFILE_UNTAGGED,
  FCM_INVALID_TAG,
  FCM_ROLE_TAG_TOO_EARLY,
  FCM_PROFILE_TAG_TOO_EARLY,
  FCM_CAUSE_COUNT
};
extern const char *const fcm_cause_names[FCM_CAUSE_COUNT];

/* How a qualifying fact qualifies. */
enum fcm_via { FCM_Q_NONE = 0, FCM_Q_PROFILE_TAG, FCM_Q_ROLE_TAG };

/* Which tag decided a fact: none, the profile's (resource_tags user_map_migrated) or the calling
 * principal's (tags iamPrincipal/map-migrated). */
enum fcm_tag_source { FCM_TAG_NONE = 0, FCM_TAG_RESOURCE, FCM_TAG_PRINCIPAL };

typedef struct fcm_class {
  int via;          /* enum fcm_via */
  int cause;        /* enum fcm_cause when via is FCM_Q_NONE */
  uint32_t subject; /* string id: the profile, resource or tag value the cause is about */
  int on_role;      /* invalid_tag, role_tag_too_early: the value is the principal's tag */
  int tag_source;   /* enum fcm_tag_source: the tag that decided */
} fcm_class;

/* Decides whether one usage fact qualifies for MAP and, when not, why (docs/map.md). */
void fcm_classify(fc_ctx *ctx, const fc_fact *f, fcm_class *out);

/* Quarter-to-date figures per node, for map.nodes (rolled up) and map.totals. */
typedef struct fcm_quarter {
  fc_money *qualifying, *at_risk; /* per node, rolled up; index node_count = the organisation */
  char label[32];                 /* "2026-Q4" */
  char months[64];                /* "2026-10, 2026-11": the quarter's months present in the inputs */
} fcm_quarter;

/* map.quarter and map.quarter_months, and *out for map.nodes and map.totals. */
fc_status fcm_quarter_run(fc_ctx *ctx, fcm_quarter *out);

/* map.evidence: per workload (and unattributed node) the facts behind qualifying and at-risk spend. */
fc_status fcm_evidence_run(fc_ctx *ctx);

#endif
