/* test_bedrock.c: the Bedrock helpers, table-driven: every usage type quoted in docs/bedrock-cur.md
 * (and the demo's) with its token kind, tier, region type and model token; token units;
 * identities; region type from line_item_resource_id; model names. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bedrock.h"
#include "check.h"

#define IN FCB_TOK_INPUT
#define OUT FCB_TOK_OUTPUT
#define CR FCB_TOK_CACHE_READ
#define CW FCB_TOK_CACHE_WRITE
#define CW1H FCB_TOK_CACHE_WRITE_1H
#define OTHER FCB_TOK_OTHER
#define OD FCB_TIER_ON_DEMAND
#define SAME FCB_REGION_SAME
#define GLOBAL FCB_REGION_GLOBAL

typedef struct usage_row {
  const char *usage_type;
  fcb_token token;
  fcb_tier tier;
  fcb_region_type region_type;
  const char *model;  /* expected model token ("" for Marketplace and unknown) */
  const char *region; /* expected region code */
  int marketplace, long_context;
  int known_other; /* token other, but a known non-token dimension */
} usage_row;

static const usage_row usage_rows[] = {
    /* AWS-billed grammar, docs/bedrock-cur.md "Usage types and tokens" */
    {"USE1-NovaLite-input-tokens", IN, OD, SAME, "NovaLite", "USE1", 0, 0, 0},
    {"USE1-NovaLite-output-tokens", OUT, OD, SAME, "NovaLite", "USE1", 0, 0, 0},
    {"USW2-Claude4.6Sonnet-cache-read-input-token-count", CR, OD, SAME, "Claude4.6Sonnet", "USW2", 0, 0, 0},
    {"USW2-Claude4.6Sonnet-cache-write-input-token-count", CW, OD, SAME, "Claude4.6Sonnet", "USW2", 0, 0, 0},
    {"USE1-Claude4Sonnet-cache-write-input-token-count-1-hour", CW1H, OD, SAME, "Claude4Sonnet", "USE1", 0, 0,
     0},
    {"USE1-Llama3-1-70B-input-tokens", IN, OD, SAME, "Llama3-1-70B", "USE1", 0, 0, 0},
    {"USW2-Claude4.6Sonnet-input-tokens", IN, OD, SAME, "Claude4.6Sonnet", "USW2", 0, 0, 0},
    /* every suffix */
    {"USE1-NovaPro-input-tokens-batch", IN, FCB_TIER_BATCH, SAME, "NovaPro", "USE1", 0, 0, 0},
    {"USE1-Claude4.5Haiku-output-tokens-flex", OUT, FCB_TIER_FLEX, SAME, "Claude4.5Haiku", "USE1", 0, 0, 0},
    {"USE1-Claude4.5Haiku-input-tokens-priority", IN, FCB_TIER_PRIORITY, SAME, "Claude4.5Haiku", "USE1", 0, 0,
     0},
    {"USE1-Claude4.6Sonnet-output-tokens-cross-region-global", OUT, OD, GLOBAL, "Claude4.6Sonnet", "USE1", 0,
     0, 0},
    {"USE1-Llama3-3-70B-input-tokens-custom-model", IN, FCB_TIER_CUSTOM_MODEL, SAME, "Llama3-3-70B", "USE1",
     0, 0, 0},
    {"USE1-Claude4Sonnet-input-tokens-long-context-cross-region-global", IN, OD, GLOBAL, "Claude4Sonnet",
     "USE1", 0, 1, 0},
    {"USE2-Claude3.5Haiku-output-tokens-latency-optimized", OUT, FCB_TIER_LATENCY_OPTIMIZED, SAME,
     "Claude3.5Haiku", "USE2", 0, 0, 0},
    {"USE1-Claude4.6Sonnet-cache-read-input-token-count-cross-region-global", CR, OD, GLOBAL,
     "Claude4.6Sonnet", "USE1", 0, 0, 0},
    {"USE1-Claude4.6Sonnet-cache-write-input-token-count-1-hour-cross-region-global", CW1H, OD, GLOBAL,
     "Claude4.6Sonnet", "USE1", 0, 0, 0},
    {"USE1-Claude4.6Sonnet-cache-write-input-token-count-1-hour", CW1H, OD, SAME, "Claude4.6Sonnet", "USE1",
     0, 0, 0},
    /* mantle and short forms with dotted model ids */
    {"USW2-anthropic.claude-opus-4-8-mantle-cache-write-tokens-standard", CW, OD, SAME,
     "anthropic.claude-opus-4-8", "USW2", 0, 0, 0},
    {"USE1-xai.grok-4.3-mantle-cache-read-tokens-flex", CR, FCB_TIER_FLEX, SAME, "xai.grok-4.3", "USE1", 0, 0,
     0},
    {"USE1-anthropic.claude-opus-4-8-mantle-cache-write-tokens-1h-priority", CW1H, FCB_TIER_PRIORITY, SAME,
     "anthropic.claude-opus-4-8", "USE1", 0, 0, 0},
    {"USE1-moonshotai.kimi-k2.5-input", IN, OD, SAME, "moonshotai.kimi-k2.5", "USE1", 0, 0, 0},
    {"USE1-moonshotai.kimi-k2.5-output", OUT, OD, SAME, "moonshotai.kimi-k2.5", "USE1", 0, 0, 0},
    /* Marketplace grammar */
    {"USW2-MP:USW2_InputTokenCount-Units", IN, OD, SAME, "", "USW2", 1, 0, 0},
    {"USE1-MP:USE1_OutputTokenCount-Units", OUT, OD, SAME, "", "USE1", 1, 0, 0},
    {"USW2-MP:USW2_CacheReadInputTokenCount-Units", CR, OD, SAME, "", "USW2", 1, 0, 0},
    {"USW2-MP:USW2_CacheWriteInputTokenCount-Units", CW, OD, SAME, "", "USW2", 1, 0, 0},
    {"USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units", CW1H, OD, GLOBAL, "", "USE1", 1, 0, 0},
    {"USE1-MP:USE1_InputTokenCount_Global-Units", IN, OD, GLOBAL, "", "USE1", 1, 0, 0},
    {"USE1-MP:USE1_InputTokenCount_Batch-Units", IN, FCB_TIER_BATCH, SAME, "", "USE1", 1, 0, 0},
    {"USE1-MP:USE1_input_tokens_standard-Units", IN, OD, SAME, "", "USE1", 1, 0, 0},
    {"USE1-MP:USE1_cache_write_tokens_1h_global_standard-Units", CW1H, OD, GLOBAL, "", "USE1", 1, 0, 0},
    {"usw2-mp:usw2_cachereadinputtokencount-units", CR, OD, SAME, "", "", 0, 0, 0},
    /* other: cost without tokens */
    {"USE1-Guardrail-ContentPolicy-TextUnits", OTHER, OD, SAME, "", "USE1", 0, 0, 1},
    {"USE1-NovaCanvas-T2I-1024-Standard", OTHER, OD, SAME, "", "USE1", 0, 0, 1},
    {"USE1-Claude4Sonnet-ProvisionedThroughput-ModelUnits", OTHER, OD, SAME, "", "USE1", 0, 0, 1},
    {"USE1-MP:USE1_Requests-Units", OTHER, OD, SAME, "", "USE1", 1, 0, 0},
    {"USE1-Frobnicator-Widgets", OTHER, OD, SAME, "", "USE1", 0, 0, 0},
    {"", OTHER, OD, SAME, "", "", 0, 0, 0},
    /* no region prefix: the model token starts the usage type */
    {"NovaLite-input-tokens", IN, OD, SAME, "NovaLite", "", 0, 0, 0},
};

static int slice_is(fcb_slice s, const char *z) {
  return s.n == strlen(z) && (s.n == 0 || memcmp(s.p, z, s.n) == 0);
}

static void test_usage_types(void) {
  for (size_t i = 0; i < sizeof usage_rows / sizeof usage_rows[0]; i++) {
    const usage_row *r = &usage_rows[i];
    fcb_usage u;
    int ret = fcb_usage_classify(r->usage_type, &u);
    int ok = ret == (r->token != OTHER) && u.token == r->token && u.tier == r->tier &&
             u.region_type == r->region_type && slice_is(u.model, r->model) &&
             slice_is(u.region, r->region) && u.marketplace == r->marketplace &&
             u.long_context == r->long_context && u.known_other == r->known_other;
    CHECK(ok);
    if (!ok)
      fprintf(stderr,
              "  %s: got %s/%s/%s model '%.*s' region '%.*s' mp %d long %d known_other %d; want "
              "%s/%s/%s model '%s' region '%s' mp %d long %d known_other %d\n",
              r->usage_type, fcb_token_name(u.token), fcb_tier_name(u.tier),
              fcb_region_type_name(u.region_type), (int)u.model.n, u.model.p ? u.model.p : "",
              (int)u.region.n, u.region.p ? u.region.p : "", u.marketplace, u.long_context, u.known_other,
              fcb_token_name(r->token), fcb_tier_name(r->tier), fcb_region_type_name(r->region_type),
              r->model, r->region, r->marketplace, r->long_context, r->known_other);
  }
  fcb_usage u;
  CHECK_INT(fcb_usage_classify(NULL, &u), 0);
  CHECK_INT(u.token, OTHER);
  CHECK_STR(fcb_token_name(CW1H), "cache_write_1h");
  CHECK_STR(fcb_tier_name(FCB_TIER_LATENCY_OPTIMIZED), "latency_optimized");
  CHECK_STR(fcb_region_type_name(FCB_REGION_GEO), "cross_region_geo");
}

typedef struct unit_row {
  int64_t amount; /* FC_AMOUNT_SCALE fixed point */
  const char *unit;
  int64_t tokens;
  int known;
} unit_row;

static const unit_row unit_rows[] = {
    {173300000000LL, "1K tokens", 17330, 1},               /* 17.33 thousand */
    {5LL, "1K tokens", 0, 1},                              /* 0.0000000005 K = 0.0000005 tokens */
    {5000000LL, "1K tokens", 1, 1},                        /* 0.0005 K = 0.5 tokens: rounds half up */
    {4999999LL, "1K tokens", 0, 1},                        /* just under half a token */
    {25000000000LL, "1M tokens", 2500000, 1},              /* 2.5 million */
    {12345678901LL, "Units", 1234568, 1},                  /* Marketplace: millions */
    {10000000000LL, " units ", 1000000, 1},                /* case and spaces */
    {70000000000LL, "tokens", 7, 1},                       /* plain tokens */
    {-25000000000LL, "1M tokens", -2500000, 1},            /* a negative correction */
    {10000000000LL, "1K text units", 0, 0},                /* not tokens */
    {10000000000LL, "", 0, 0},                             /* empty */
    {10000000000LL, NULL, 0, 0},                           /* absent */
    {10000000000LL, "Images", 0, 0},                       /* not tokens */
    {140860106LL * 10000000LL, "1K tokens", 140860106, 1}, /* the demo app's input, exactly */
};

static void test_units(void) {
  for (size_t i = 0; i < sizeof unit_rows / sizeof unit_rows[0]; i++) {
    const unit_row *r = &unit_rows[i];
    int known = -1;
    int64_t t = fcb_tokens(r->amount, r->unit, &known);
    if (t != r->tokens || known != r->known)
      fprintf(stderr, "  unit row %zu (%s): got %lld known %d\n", i, r->unit ? r->unit : "(null)",
              (long long)t, known);
    CHECK_INT(t, r->tokens);
    CHECK_INT(known, r->known);
  }
  CHECK_INT(fcb_tokens(10000000000LL, "1M tokens", NULL), 1000000);
}

typedef struct id_row {
  const char *arn;
  int profile; /* parse with fcb_profile_parse instead of fcb_principal_parse */
  fcb_id_kind kind;
  const char *account, *name;
} id_row;

static const id_row id_rows[] = {
    {"arn:aws:sts::123456789012:assumed-role/ChatApp/session-1", 0, FCB_ID_ROLE, "123456789012", "ChatApp"},
    {"arn:aws:sts::123456789012:assumed-role/BedrockRole/user-1@acme.org", 0, FCB_ID_ROLE, "123456789012",
     "BedrockRole"},
    {"arn:aws:sts::123456789012:assumed-role/NoSession", 0, FCB_ID_ROLE, "123456789012", "NoSession"},
    {"arn:aws:iam::390517264820:role/service-role/support-summarizer-bedrock-role", 0, FCB_ID_ROLE,
     "390517264820", "support-summarizer-bedrock-role"},
    {"arn:aws:iam::123456789012:role/ChatApp", 0, FCB_ID_ROLE, "123456789012", "ChatApp"},
    {"arn:aws:iam::123456789012:user/alice", 0, FCB_ID_USER, "123456789012", "alice"},
    {"arn:aws:iam::123456789012:user/team/alice", 0, FCB_ID_USER, "123456789012", "alice"},
    {"arn:aws:iam::629301847562:user/BedrockAPIKey-7f3k", 0, FCB_ID_USER, "629301847562",
     "BedrockAPIKey-7f3k"},
    {"arn:aws-us-gov:sts::123456789012:assumed-role/GovRole/s", 0, FCB_ID_ROLE, "123456789012", "GovRole"},
    {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/acwt9yee9wzo", 1, FCB_ID_PROFILE,
     "123456789012", "acwt9yee9wzo"},
    /* not principals, or not claimable */
    {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/acwt9yee9wzo", 0, FCB_ID_NONE, "",
     ""},
    {"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6", 1,
     FCB_ID_NONE, "", ""},
    {"arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0", 1, FCB_ID_NONE,
     "", ""},
    {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/", 1, FCB_ID_NONE, "", ""},
    {"arn:aws:iam::12345:role/ShortAccount", 0, FCB_ID_NONE, "", ""},
    {"arn:aws:iam::123456789012:role/", 0, FCB_ID_NONE, "", ""},
    {"arn:aws:iam::123456789012:group/admins", 0, FCB_ID_NONE, "", ""},
    {"arn:aws:sts::123456789012:federated-user/bob", 0, FCB_ID_NONE, "", ""},
    {"not an arn", 0, FCB_ID_NONE, "", ""},
    {"arn:aws:iam", 0, FCB_ID_NONE, "", ""},
    {"", 0, FCB_ID_NONE, "", ""},
    {"", 1, FCB_ID_NONE, "", ""},
    {NULL, 0, FCB_ID_NONE, "", ""},
    {NULL, 1, FCB_ID_NONE, "", ""},
};

static void test_identities(void) {
  for (size_t i = 0; i < sizeof id_rows / sizeof id_rows[0]; i++) {
    const id_row *r = &id_rows[i];
    fcb_identity id;
    fcb_id_kind k = r->profile ? fcb_profile_parse(r->arn, &id) : fcb_principal_parse(r->arn, &id);
    int ok =
        k == r->kind && id.kind == r->kind && slice_is(id.account, r->account) && slice_is(id.name, r->name);
    CHECK(ok);
    if (!ok)
      fprintf(stderr, "  %s: got kind %d '%.*s' '%.*s'\n", r->arn ? r->arn : "(null)", (int)k,
              (int)id.account.n, id.account.p ? id.account.p : "", (int)id.name.n,
              id.name.p ? id.name.p : "");
  }
  /* a role session and the claimed role ARN (with a path) are the same principal */
  fcb_identity a, b, c;
  fcb_principal_parse("arn:aws:sts::390517264820:assumed-role/support-summarizer-bedrock-role/i-0abc", &a);
  fcb_principal_parse("arn:aws:iam::390517264820:role/service-role/support-summarizer-bedrock-role", &b);
  fcb_principal_parse("arn:aws:iam::390517264820:user/support-summarizer-bedrock-role", &c);
  CHECK(fcb_identity_eq(&a, &b));
  CHECK(!fcb_identity_eq(&a, &c)); /* a user of the same name is someone else */
  fcb_identity none1, none2;
  fcb_principal_parse("junk", &none1);
  fcb_principal_parse("junk", &none2);
  CHECK(!fcb_identity_eq(&none1, &none2));
}

typedef struct resource_row {
  const char *resource;
  fcb_region_type want;
} resource_row;

static const resource_row resource_rows[] = {
    {"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6",
     FCB_REGION_GEO},
    {"arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0", FCB_REGION_GEO},
    {"arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/"
     "apac.anthropic.claude-3-5-sonnet-20240620-v1:0",
     FCB_REGION_GEO},
    {"arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-6", GLOBAL},
    {"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/k3v9q2m7x1pd", SAME},
    {"arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0", SAME},
    {"arn:aws:bedrock:us-east-1:123456789012:inference-profile/uk.something", SAME},
    {"", SAME},
    {NULL, SAME},
};

static void test_resources(void) {
  for (size_t i = 0; i < sizeof resource_rows / sizeof resource_rows[0]; i++) {
    fcb_region_type t = fcb_resource_region_type(resource_rows[i].resource);
    if (t != resource_rows[i].want)
      fprintf(stderr, "  %s: got %s\n", resource_rows[i].resource ? resource_rows[i].resource : "(null)",
              fcb_region_type_name(t));
    CHECK_INT(t, resource_rows[i].want);
  }
}

typedef struct name_row {
  const char *token, *name;
} name_row;

static const name_row name_rows[] = {
    {"Claude4.6Sonnet", "Claude Sonnet 4.6"},
    {"Claude4.5Haiku", "Claude Haiku 4.5"},
    {"Claude4Sonnet", "Claude Sonnet 4"},
    {"Claude3.7Sonnet", "Claude 3.7 Sonnet"},
    {"Claude3.5Haiku", "Claude 3.5 Haiku"},
    {"NovaLite", "Nova Lite"},
    {"NovaPro", "Nova Pro"},
    {"Llama3-1-70B", "Llama 3.1 70B"},
    {"Llama3-3-70B", "Llama 3.3 70B"},
    {"anthropic.claude-opus-4-8", "Claude Opus 4.8"},
    {"anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4"},
    {"us.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6"},
    {"moonshotai.kimi-k2.5", "Kimi K2.5"},
    {"xai.grok-4.3", "Grok 4.3"},
    {"TitanEmbeddingsV2-Text", "Titan Embeddings V2 Text"},
    {"", ""},
};

static void test_names(void) {
  char buf[64];
  for (size_t i = 0; i < sizeof name_rows / sizeof name_rows[0]; i++) {
    size_t n = fcb_model_display(name_rows[i].token, strlen(name_rows[i].token), buf, sizeof buf);
    CHECK_STR(buf, name_rows[i].name);
    CHECK_INT(n, strlen(name_rows[i].name));
  }
  /* truncation keeps a terminated string */
  char small[6];
  fcb_model_display("Claude4.6Sonnet", 15, small, sizeof small);
  CHECK_STR(small, "Claud");
  CHECK_INT(fcb_model_display(NULL, 0, buf, sizeof buf), 0);
}

int main(void) {
  test_usage_types();
  test_units();
  test_identities();
  test_resources();
  test_names();
  return fc_check_done("test_bedrock");
}
