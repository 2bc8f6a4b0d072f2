/* models.c: canonical model names. The catalog covers the models of docs/bedrock-cur.md's price
 * table and the demo data; the tokens plugin keeps the price catalog, and both should end up
 * sharing one table in plugins/common. */
#include "models.h"

#include <stdio.h>
#include <string.h>

#include "bedrock.h"

static const struct {
  const char *token, *name;
} catalog[] = {
    {"Claude4.6Sonnet", "Claude Sonnet 4.6"},
    {"Claude4.5Sonnet", "Claude Sonnet 4.5"},
    {"Claude4Sonnet", "Claude Sonnet 4"},
    {"Claude3.7Sonnet", "Claude 3.7 Sonnet"},
    {"Claude3.5SonnetV2", "Claude 3.5 Sonnet v2"},
    {"Claude3.5Sonnet-v2", "Claude 3.5 Sonnet v2"},
    {"Claude3.5Sonnet", "Claude 3.5 Sonnet"},
    {"Claude3.5Haiku", "Claude 3.5 Haiku"},
    {"Claude4.5Haiku", "Claude Haiku 4.5"},
    {"Claude3Haiku", "Claude 3 Haiku"},
    {"Claude4.1Opus", "Claude Opus 4.1"},
    {"Claude4Opus", "Claude Opus 4"},
    {"NovaPremier", "Nova Premier"},
    {"NovaPro", "Nova Pro"},
    {"NovaLite", "Nova Lite"},
    {"NovaMicro", "Nova Micro"},
    {"Llama3-1-70B", "Llama 3.1 70B"},
    {"Llama3-1-8B", "Llama 3.1 8B"},
    {"Llama3-3-70B", "Llama 3.3 70B"},
    {"MistralLarge", "Mistral Large (24.02)"},
    {"MistralLarge2402", "Mistral Large (24.02)"},
    {"TitanEmbeddingsV2", "Titan Text Embeddings V2"},
    {"TitanEmbeddingsV2-Text", "Titan Text Embeddings V2"},
    {"moonshotai.kimi-k2.5", "Kimi K2.5"},
};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

const char *fcp_catalog_name(const char *token, size_t n) {
  for (size_t i = 0; i < sizeof catalog / sizeof catalog[0]; i++) {
    const char *t = catalog[i].token;
    if (strlen(t) != n)
      continue;
    size_t k = 0;
    while (k < n && lower((unsigned char)t[k]) == lower((unsigned char)token[k]))
      k++;
    if (k == n)
      return catalog[i].name;
  }
  return NULL;
}

static size_t put(const char *s, size_t n, char *buf, size_t cap) {
  if (!cap)
    return 0;
  if (n >= cap)
    n = cap - 1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return n;
}

size_t fcp_model_name(const char *model, const char *usage_type, const char *product_name, int marketplace,
                      char *buf, size_t cap) {
  if (model && model[0])
    return put(model, strlen(model), buf, cap);
  fcb_usage u;
  fcb_usage_classify(usage_type ? usage_type : "", &u);
  if (u.model.n) {
    const char *name = fcp_catalog_name(u.model.p, u.model.n);
    if (name)
      return put(name, strlen(name), buf, cap);
  }
  if (marketplace && product_name && product_name[0]) {
    static const char edition[] = " (Amazon Bedrock Edition)";
    size_t n = strlen(product_name), e = sizeof edition - 1;
    if (n > e && strcmp(product_name + n - e, edition) == 0)
      n -= e;
    return put(product_name, n, buf, cap);
  }
  if (u.model.n)
    return fcb_model_display(u.model.p, u.model.n, buf, cap);
  if (cap)
    buf[0] = '\0';
  return 0;
}
