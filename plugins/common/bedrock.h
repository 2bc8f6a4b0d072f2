/* bedrock.h: how Amazon Bedrock writes identities and usage types into CUR 2.0, as plain C
 * functions with no host dependency. Linked statically into the plugins that need it and into
 * the host (for `finops claim`). All functions are pure: no allocation, no global state.
 * Slices point into the caller's string; they are not NUL-terminated. */
#ifndef FC_BEDROCK_H
#define FC_BEDROCK_H

#include <stddef.h>
#include <stdint.h>

typedef struct fcb_slice {
  const char *p;
  size_t n;
} fcb_slice;

/* ---- identities ---- */

typedef enum fcb_id_kind {
  FCB_ID_NONE = 0, /* empty or not an identity this module knows */
  FCB_ID_ROLE,     /* arn:aws:sts::A:assumed-role/NAME/SESSION or arn:aws:iam::A:role/[path/]NAME */
  FCB_ID_USER,     /* arn:aws:iam::A:user/[path/]NAME (Bedrock API keys are IAM users) */
  FCB_ID_PROFILE   /* arn:aws:bedrock:R:A:application-inference-profile/ID */
} fcb_id_kind;

typedef struct fcb_identity {
  fcb_id_kind kind;
  fcb_slice account; /* 12 digits */
  fcb_slice name;    /* role name (path and session dropped), user name (path dropped), profile id */
} fcb_identity;

/* Parses a line_item_iam_principal value (or a claimable role/user ARN). A role session and the
 * role's own ARN give the same (account, name), whatever the role path or session name.
 * Returns the kind (FCB_ID_NONE for anything else, *out zeroed). */
fcb_id_kind fcb_principal_parse(const char *s, fcb_identity *out);
/* Parses a line_item_resource_id that is an application inference profile. System inference
 * profiles and foundation-model ARNs are not claimable: FCB_ID_NONE. */
fcb_id_kind fcb_profile_parse(const char *s, fcb_identity *out);
/* 1 when both identities are the same principal (kind, account and name equal). */
int fcb_identity_eq(const fcb_identity *a, const fcb_identity *b);

/* ---- usage types ---- */

typedef enum fcb_token {
  FCB_TOK_OTHER = 0, /* no token dimension: guardrails, images, embeddings units, agent runtime */
  FCB_TOK_INPUT,
  FCB_TOK_OUTPUT,
  FCB_TOK_CACHE_READ,
  FCB_TOK_CACHE_WRITE, /* 5-minute cache writes, and cache writes of unspecified duration */
  FCB_TOK_CACHE_WRITE_1H,
  FCB_TOK_COUNT
} fcb_token;

typedef enum fcb_tier {
  FCB_TIER_ON_DEMAND = 0, /* standard */
  FCB_TIER_BATCH,
  FCB_TIER_FLEX,
  FCB_TIER_PRIORITY,
  FCB_TIER_LATENCY_OPTIMIZED,
  FCB_TIER_CUSTOM_MODEL,
  FCB_TIER_COUNT
} fcb_tier;

typedef enum fcb_region_type {
  FCB_REGION_SAME = 0, /* in-region, or a geo profile billed as in-region (see fcb_geo_profile) */
  FCB_REGION_GEO,      /* cross-region through a geo (us., eu., apac., ...) system profile */
  FCB_REGION_GLOBAL,   /* cross-region global */
  FCB_REGION_COUNT
} fcb_region_type;

typedef struct fcb_usage {
  fcb_token token;
  fcb_tier tier;
  fcb_region_type region_type;
  int marketplace;  /* the MP: grammar */
  int long_context; /* -long-context- */
  fcb_slice region; /* "USE1"; empty when the usage type does not start with a region code */
  fcb_slice model;  /* the usage type's model token: "Claude4.6Sonnet", "anthropic.claude-opus-4-8" */
  int known_other;  /* token is FCB_TOK_OTHER but the usage type is a known non-token dimension
                       (guardrails, images, video, provisioned throughput, customization, agents,
                       knowledge bases, flows, data automation, evaluations, ...) */
} fcb_usage;

/* Classifies a line_item_usage_type of either billing family. Cache read is tested before cache
 * write (1 hour before plain) before input before output, case-insensitively. Returns 1 when the
 * usage type has a recognised token dimension, 0 for `other` (fields still filled as far as
 * they could be read). A usage type with token `other` and known_other 0 has an unknown shape:
 * callers report it with its cost. */
int fcb_usage_classify(const char *usage_type, fcb_usage *out);

/* Tokens in a usage amount (FC_AMOUNT_SCALE fixed point) given its pricing_unit: "1K tokens",
 * "1M tokens", Marketplace "Units" (millions), "tokens"/"Tokens" (ones). Rounded to the nearest
 * token. *known (may be NULL) is 0 when the unit is not one of these (returns 0 then). */
int64_t fcb_tokens(int64_t amount, const char *pricing_unit, int *known);

/* Geo cross-region: a system inference-profile ARN in line_item_resource_id whose profile id
 * starts with a geo prefix (us., eu., apac., jp., au., ca., us-gov.); "global." is global. */
fcb_region_type fcb_resource_region_type(const char *resource_id);

/* A readable model name derived from a usage-type model token when no catalog knows it:
 * "Claude4.6Sonnet" -> "Claude Sonnet 4.6", "Claude3.7Sonnet" -> "Claude 3.7 Sonnet",
 * "NovaLite" -> "Nova Lite", "Llama3-1-70B" -> "Llama 3.1 70B",
 * "anthropic.claude-opus-4-8" -> "Claude Opus 4.8", "moonshotai.kimi-k2.5" -> "Kimi K2.5".
 * Writes at most cap bytes including the NUL (truncating); returns the length written. */
size_t fcb_model_display(const char *token, size_t n, char *buf, size_t cap);

const char *fcb_token_name(fcb_token t);             /* "input", "output", "cache_read", ... */
const char *fcb_tier_name(fcb_tier t);               /* "on_demand", "batch", ... */
const char *fcb_region_type_name(fcb_region_type t); /* "same_region", "cross_region_geo", ... */

#endif
