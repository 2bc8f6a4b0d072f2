/* models.h: canonical Bedrock model names for the model-approval policy (the names that
 * policy.approved_models globs match). Pure functions, no host dependency. */
#ifndef FC_POLICY_MODELS_H
#define FC_POLICY_MODELS_H

#include <stddef.h>

/* The canonical name of a model whose usage-type model token is token[0..n) ("Claude4.6Sonnet",
 * "Llama3-3-70B", "moonshotai.kimi-k2.5"), from the catalog; NULL when the catalog does not know it. */
const char *fcp_catalog_name(const char *token, size_t n);

/* The canonical model name of a fact: the product map's `model` when present, else the catalog
 * name of the usage type's model token, else (Marketplace rows) the product name without
 * " (Amazon Bedrock Edition)", else a name derived from the token. Writes at most cap bytes with
 * the NUL; returns the length, 0 when the row names no model (guardrails, agents, ...). */
size_t fcp_model_name(const char *model, const char *usage_type, const char *product_name, int marketplace,
                      char *buf, size_t cap);

#endif
