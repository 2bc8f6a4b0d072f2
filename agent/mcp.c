/* mcp.c: Agent Bill as a Model Context Protocol server over stdio: JSON-RPC 2.0, one message per
 * line. Tools answer the same questions as `finops ask`, scoped to one person; the person's pack
 * files are resources; a prompt sets Agent Bill's role. */
#include "mcp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define MCP_LATEST "2025-11-25"
static const char *const mcp_versions[] = {MCP_LATEST, "2025-06-18", "2025-03-26", "2024-11-05",
                                           "2024-10-07"};

enum {
  E_PARSE = -32700,
  E_REQUEST = -32600,
  E_METHOD = -32601,
  E_PARAMS = -32602,
  E_INTERNAL = -32603,
  E_NO_RESOURCE = -32002
};

#define MAX_LINE (8u << 20)

static void send(FILE *out, json_t *msg) {
  char *s = json_dumps(msg, JSON_COMPACT | JSON_ENSURE_ASCII);
  if (s) {
    fputs(s, out);
    fputc('\n', out);
    fflush(out);
    free(s);
  }
  json_decref(msg);
}

static void send_error(FILE *out, json_t *id, int code, const char *message) {
  json_t *m = json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error",
                        "code", code, "message", message);
  send(out, m);
}

static void send_result(FILE *out, json_t *id, json_t *result) {
  send(out, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

/* ---- tools ---- */

typedef struct tool {
  const char *name;
  int kind; /* fc_ask_kind, -1 = ask, -2 = approve */
  int has_model, has_top;
} tool;

static const tool tools[] = {
    {"total_spend", FC_ASK_TOTAL, 0, 0},
    {"spend_by_workload", FC_ASK_BY_WORKLOAD, 0, 1},
    {"spend_by_model", FC_ASK_BY_MODEL, 1, 1},
    {"spend_by_region_type", FC_ASK_BY_REGION, 0, 1},
    {"unattributed_spend", FC_ASK_UNATTRIBUTED, 0, 0},
    {"budget", FC_ASK_BUDGET, 0, 0},
    {"tokens", FC_ASK_TOKENS, 0, 0},
    {"cache_hit_rate", FC_ASK_CACHE, 0, 0},
    {"map_credits", FC_ASK_MAP, 0, 0},
    {"unapproved_models", FC_ASK_UNAPPROVED, 0, 0},
    {"report_card", FC_ASK_CARD, 0, 0},
    {"open_tasks", FC_ASK_TASKS, 0, 0},
    {"change_since_last_month", FC_ASK_CHANGE, 0, 0},
    {"ask", -1, 0, 0},
    {"approve_spend", -2, 0, 0},
};
#define NTOOLS (sizeof tools / sizeof tools[0])

static json_t *tool_json(const fc_ask *a, const tool *t) {
  json_t *props = json_object();
  json_t *req = json_array();
  const char *desc;
  char buf[512];
  if (t->kind == -1) {
    json_object_set_new(
        props, "question",
        json_pack("{s:s, s:s}", "type", "string", "description",
                  "The question in plain language, e.g. \"Am I within my AI estimate this month?\""));
    json_array_append_new(req, json_string("question"));
    desc =
        "Answers a cost question in plain language from the published results, scoped to the user's part of "
        "the organisation; when the question is not one it can answer it lists the questions it can.";
  } else if (t->kind == -2) {
    json_object_set_new(
        props, "workload",
        json_pack("{s:s, s:s}", "type", "string", "description", "The workload id, e.g. demo-app"));
    json_object_set_new(props, "usd",
                        json_pack("{s:[s,s], s:s}", "type", "number", "string", "description",
                                  "The overage approved, in USD, e.g. 200 or \"200.00\""));
    json_object_set_new(props, "until",
                        json_pack("{s:s, s:s, s:s}", "type", "string", "pattern",
                                  "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description",
                                  "Last day the approval covers, YYYY-MM-DD"));
    json_object_set_new(props, "reason",
                        json_pack("{s:s, s:i, s:s}", "type", "string", "minLength", 1, "description",
                                  "Why the overage is approved"));
    for (const char *k = "workload"; k; k = NULL)
      json_array_append_new(req, json_string(k));
    json_array_append_new(req, json_string("usd"));
    json_array_append_new(req, json_string("until"));
    json_array_append_new(req, json_string("reason"));
    desc =
        "Approves a workload's Bedrock spend overage (amount, until when, why), recorded in the approvals "
        "ledger as the user; an approved overage shows as approved, not as an alert. Only the FinOps leader "
        "or the portfolio manager above the workload may approve.";
  } else {
    json_object_set_new(props, "node",
                        json_pack("{s:s, s:s}", "type", "string", "description",
                                  "A workload or hierarchy node in the user's scope, by name or id, matched "
                                  "loosely; omit for the user's whole scope"));
    if (t->has_model)
      json_object_set_new(props, "model",
                          json_pack("{s:s, s:s}", "type", "string", "description",
                                    "Only this model or family, e.g. \"Claude Sonnet 4.6\" or \"Nova\""));
    if (t->has_top)
      json_object_set_new(props, "top",
                          json_pack("{s:s, s:i, s:i, s:s}", "type", "integer", "minimum", 1, "maximum", 100,
                                    "description", "How many to list, largest first"));
    snprintf(buf, sizeof buf,
             "Answers with %s, scoped to the user's part of the organisation, with the as-of day "
             "and the source of each figure.",
             fc_ask_kind_help((fc_ask_kind)t->kind));
    desc = buf;
  }
  (void)a;
  json_t *schema =
      json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props, "additionalProperties", 0);
  if (json_array_size(req))
    json_object_set_new(schema, "required", req);
  else
    json_decref(req);
  return json_pack("{s:s, s:s, s:o}", "name", t->name, "description", desc, "inputSchema", schema);
}

static json_t *text_result(const char *text, int is_error) {
  return json_pack("{s:[{s:s, s:s}], s:b}", "content", "type", "text", "text", text, "isError", is_error);
}

static int tool_allowed(const fc_ask *a, const tool *t) { return t->kind != -2 || fc_ask_may_approve(a); }

static json_t *call_approve(fc_ask *a, json_t *args, const char *raw_line) {
  const char *wl = json_string_value(json_object_get(args, "workload"));
  const char *until = json_string_value(json_object_get(args, "until"));
  const char *reason = json_string_value(json_object_get(args, "reason"));
  if (!wl || !until || !reason || !json_object_get(args, "usd"))
    return text_result("approve_spend needs workload, usd, until (YYYY-MM-DD) and reason.", 1);
  /* the amount exactly as written: read the request again with numbers as text */
  char err[256], usd_text[64] = "";
  json_t *exact = fc_jread_text(raw_line, strlen(raw_line), err, sizeof err);
  const char *u = fc_jstr(fc_jget(fc_jget(exact, "params"), "arguments"), "usd");
  snprintf(usd_text, sizeof usd_text, "%s", u ? u : "");
  json_decref(exact);
  fc_money usd;
  int32_t day;
  if (!usd_text[0] || fc_money_parse(usd_text, strlen(usd_text), &usd, NULL) || usd <= 0)
    return text_result("usd: expected a positive amount in USD.", 1);
  if (fc_date_parse(until, &day))
    return text_result("until: expected a date YYYY-MM-DD.", 1);
  time_t now = time(NULL);
  int32_t today = (int32_t)(now / 86400);
  const char *me = a->cfg.people[a->person].email;
  /* a workload outside the user's scope is refused like one that does not exist */
  int w = fc_config_workload_find(&a->cfg, wl);
  if (w < 0 || !fc_approver_may(&a->cfg, a->person, w)) {
    snprintf(err, sizeof err,
             "I can't find a workload \"%s\" that you may approve in your part of the organisation.", wl);
    return text_result(err, 1);
  }
  char msg[512];
  int rc = fc_approve_record(&a->cfg, wl, usd, day, me, reason, today, msg, sizeof msg);
  if (rc)
    return text_result(msg, 1);
  /* answers show the approval at once */
  fc_approvals_free(&a->approvals);
  fc_diags d = {0};
  fc_approvals_load(&a->cfg, NULL, &a->approvals, &d);
  fc_diags_free(&d);
  char amount[48], out[768];
  fc_money_format(usd, 2, amount);
  snprintf(
      out, sizeof out,
      "Approved: %s may run up to %s USD over its estimate until %s (approved by %s: %s). Recorded in the "
      "approvals ledger; answers show it now, packs and tasks from the next run.",
      wl, amount, until, me, reason);
  return text_result(out, 0);
}

static json_t *call_tool(fc_ask *a, json_t *params, const char *raw_line, int *rpc_error, const char **why) {
  const char *name = json_string_value(json_object_get(params, "name"));
  json_t *args = json_object_get(params, "arguments");
  *rpc_error = 0;
  if (!name) {
    *rpc_error = E_PARAMS;
    *why = "tools/call: params.name must be a string";
    return NULL;
  }
  const tool *t = NULL;
  for (size_t i = 0; i < NTOOLS; i++)
    if (strcmp(tools[i].name, name) == 0 && tool_allowed(a, &tools[i]))
      t = &tools[i];
  if (!t) {
    *rpc_error = E_PARAMS;
    *why = "Unknown tool";
    return NULL;
  }
  if (args && !json_is_object(args) && !json_is_null(args))
    return text_result("arguments must be an object.", 1);
  /* arguments against the schema */
  const char *key;
  json_t *v;
  json_object_foreach(args, key, v) {
    int ok = 0;
    if (t->kind == -1)
      ok = strcmp(key, "question") == 0 && json_is_string(v);
    else if (t->kind == -2)
      ok = (strcmp(key, "workload") == 0 || strcmp(key, "until") == 0 || strcmp(key, "reason") == 0)
               ? json_is_string(v)
               : strcmp(key, "usd") == 0 && (json_is_number(v) || json_is_string(v));
    else if (strcmp(key, "node") == 0 || (t->has_model && strcmp(key, "model") == 0))
      ok = json_is_string(v);
    else if (t->has_top && strcmp(key, "top") == 0)
      ok = json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 100;
    if (!ok) {
      char msg[200];
      snprintf(msg, sizeof msg, "invalid argument '%.60s' for %s: see the tool's input schema.", key,
               t->name);
      return text_result(msg, 1);
    }
  }
  if (t->kind == -2)
    return call_approve(a, args, raw_line);
  fc_sb out = {0};
  if (t->kind == -1) {
    const char *q = json_string_value(json_object_get(args, "question"));
    if (!q)
      return text_result("ask needs a question.", 1);
    fc_ask_text(a, q, &out);
  } else {
    json_t *top = json_object_get(args, "top");
    fc_ask_query(a, (fc_ask_kind)t->kind, json_string_value(json_object_get(args, "node")),
                 json_string_value(json_object_get(args, "model")), top ? (int)json_integer_value(top) : 0,
                 &out);
  }
  json_t *r = text_result(out.oom ? "out of memory" : fc_sb_str(&out), out.oom);
  fc_sb_free(&out);
  return r;
}

/* ---- resources: the person's pack files from manifest.json ---- */

static const char *mime_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot)
    return "application/octet-stream";
  if (strcmp(dot, ".csv") == 0)
    return "text/csv";
  if (strcmp(dot, ".json") == 0)
    return "application/json";
  if (strcmp(dot, ".png") == 0)
    return "image/png";
  if (strcmp(dot, ".xlsx") == 0)
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/octet-stream";
}

/* The manifest's file list of the person's packs. */
static json_t *pack_files(const fc_ask *a) {
  json_t *out = json_array();
  size_t i, j, k;
  json_t *p, *pk, *f;
  json_array_foreach(fc_jget(a->manifest, "people"), i, p) {
    const char *em = fc_jstr(p, "email");
    if (!em || strcasecmp(em, a->cfg.people[a->person].email) != 0)
      continue;
    json_array_foreach(fc_jget(p, "packs"), j, pk) {
      json_array_foreach(fc_jget(pk, "files"), k, f) {
        if (json_is_string(f))
          json_array_append(out, f);
      }
    }
  }
  return out;
}

/* finops://<period>/<path>, the path percent-encoded (spaces in node names) */
static char *uri_of(const fc_ask *a, const char *path) {
  fc_sb b = {0};
  fc_sb_add(&b, "finops://%s/", a->period);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p))
      fc_sb_addn(&b, (const char *)p, 1);
    else
      fc_sb_add(&b, "%%%02X", *p);
  }
  if (b.oom) {
    fc_sb_free(&b);
    return NULL;
  }
  return b.s;
}

static json_t *resources_list(const fc_ask *a) {
  json_t *files = pack_files(a), *list = json_array();
  size_t i;
  json_t *f;
  json_array_foreach(files, i, f) {
    const char *path = json_string_value(f);
    const char *base = strrchr(path, '/');
    char *uri = uri_of(a, path);
    if (!uri)
      continue;
    json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "uri", uri, "name", base ? base + 1 : path,
                                          "title", path, "mimeType", mime_of(path)));
    free(uri);
  }
  json_decref(files);
  return json_pack("{s:o}", "resources", list);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *base64(const unsigned char *d, size_t n) {
  char *o = malloc((n + 2) / 3 * 4 + 1);
  if (!o)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v =
        (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
    o[k++] = b64[v >> 18 & 63];
    o[k++] = b64[v >> 12 & 63];
    o[k++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
    o[k++] = i + 2 < n ? b64[v & 63] : '=';
  }
  o[k] = 0;
  return o;
}

static json_t *resource_read(const fc_ask *a, const char *uri, int *code, const char **why) {
  json_t *files = pack_files(a);
  const char *path = NULL;
  size_t i;
  json_t *f;
  json_array_foreach(files, i, f) {
    char *u = uri_of(a, json_string_value(f));
    if (u && strcmp(u, uri) == 0)
      path = json_string_value(f);
    free(u);
  }
  if (!path) {
    json_decref(files);
    *code = E_NO_RESOURCE;
    *why = "Resource not found";
    return NULL;
  }
  char *full = fc_asprintf("%s/%s", a->dir, path);
  char *buf = NULL;
  size_t n = 0;
  int bad = !full || fc_read_file(full, &buf, &n);
  free(full);
  if (bad) {
    json_decref(files);
    *code = E_INTERNAL;
    *why = "the resource could not be read";
    return NULL;
  }
  const char *mime = mime_of(path);
  json_t *c;
  if (strncmp(mime, "text/", 5) == 0 || strcmp(mime, "application/json") == 0) {
    json_t *txt = json_stringn((const char *)buf, n);
    c = txt ? json_pack("{s:s, s:s, s:o}", "uri", uri, "mimeType", mime, "text", txt)
            : json_pack("{s:s, s:s, s:s}", "uri", uri, "mimeType", mime, "text", "");
  } else {
    char *enc = base64((const unsigned char *)buf, n);
    c = json_pack("{s:s, s:s, s:s}", "uri", uri, "mimeType", mime, "blob", enc ? enc : "");
    free(enc);
  }
  free(buf);
  json_decref(files);
  return json_pack("{s:[o]}", "contents", c);
}

/* ---- prompts ---- */

static char *role_prompt(const fc_ask *a, const char *question) {
  const fc_cfg_person *p = &a->cfg.people[a->person];
  fc_sb b = {0};
  fc_sb_add(
      &b,
      "You are Agent Bill, the FinOps assistant of %s, talking with %s (%s, role %s). Answer cost questions "
      "about Amazon Bedrock spend only from the finops tools: their figures come from the published results "
      "of %s (as of %s) and cover only %s's part of the organisation: ",
      a->cfg.organization ? a->cfg.organization : "the organisation", p->name ? p->name : p->email, p->email,
      fc_role_name(p->role), a->period, a->as_of, p->name ? p->name : p->email);
  for (size_t i = 0; i < p->nscope; i++)
    fc_sb_add(&b, "%s%s", i ? ", " : "", p->scope_nodes[i] < 0 ? "the whole organisation" : p->scope[i]);
  fc_sb_add(
      &b, ". Answer in one to three sentences with the figures, the as-of day and where each figure comes "
          "from. Never guess a figure the tools did not give; if the tools cannot answer, say what they can "
          "answer. Never speculate about parts of the organisation outside the user's scope.");
  if (fc_ask_may_approve(a))
    fc_sb_add(
        &b, " When the user approves a workload's overage, call approve_spend with the amount, the last day "
            "and the reason the user gave.");
  if (question && *question)
    fc_sb_add(&b, "\n\nThe user asks: %s", question);
  return b.s ? b.s : fc_strdup("");
}

/* ---- the loop ---- */

static json_t *initialize(const fc_ask *a, json_t *params) {
  const char *want = json_string_value(json_object_get(params, "protocolVersion"));
  const char *ver = MCP_LATEST;
  for (size_t i = 0; want && i < sizeof mcp_versions / sizeof mcp_versions[0]; i++)
    if (strcmp(want, mcp_versions[i]) == 0)
      ver = mcp_versions[i];
  char instr[512];
  snprintf(
      instr, sizeof instr,
      "Agent Bill answers Amazon Bedrock cost questions for %s from the FinOps Center results of %s, scoped "
      "to their part of the organisation. Use the tools; read the pack files as resources.",
      a->cfg.people[a->person].email, a->period);
  return json_pack("{s:s, s:{s:{s:b}, s:{s:b, s:b}, s:{s:b}}, s:{s:s, s:s, s:s}, s:s}", "protocolVersion",
                   ver, "capabilities", "tools", "listChanged", 0, "resources", "subscribe", 0, "listChanged",
                   0, "prompts", "listChanged", 0, "serverInfo", "name", "finops-agent-bill", "title",
                   "FinOps Center: Agent Bill", "version", FC_VERSION, "instructions", instr);
}

static void handle(fc_ask *a, const char *line, size_t len, FILE *out) {
  json_error_t je;
  json_t *msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
  if (!msg) {
    char m[256];
    snprintf(m, sizeof m, "Parse error: %s (column %d)", je.text, je.column);
    send_error(out, NULL, E_PARSE, m);
    return;
  }
  if (!json_is_object(msg)) {
    send_error(out, NULL, E_REQUEST,
               json_is_array(msg) ? "Invalid Request: batches are not supported"
                                  : "Invalid Request: not an object");
    json_decref(msg);
    return;
  }
  json_t *id = json_object_get(msg, "id");
  json_t *method = json_object_get(msg, "method");
  json_t *params = json_object_get(msg, "params");
  const char *ver = json_string_value(json_object_get(msg, "jsonrpc"));
  int id_ok = id && (json_is_string(id) || json_is_integer(id));
  if (!method && (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
    json_decref(msg); /* a response to a request we never make: ignore */
    return;
  }
  if (!ver || strcmp(ver, "2.0") != 0 || !json_is_string(method) || (id && !id_ok)) {
    send_error(out, id_ok ? id : NULL, E_REQUEST,
               "Invalid Request: expected jsonrpc \"2.0\", a method and an id");
    json_decref(msg);
    return;
  }
  const char *m = json_string_value(method);
  if (!id) { /* a notification: never answered */
    json_decref(msg);
    return;
  }
  if (params && !json_is_object(params)) {
    send_error(out, id, E_PARAMS, "Invalid params: expected an object");
    json_decref(msg);
    return;
  }
  if (strcmp(m, "initialize") == 0) {
    send_result(out, id, initialize(a, params));
  } else if (strcmp(m, "ping") == 0) {
    send_result(out, id, json_object());
  } else if (strcmp(m, "tools/list") == 0) {
    json_t *list = json_array();
    for (size_t i = 0; i < NTOOLS; i++)
      if (tool_allowed(a, &tools[i]))
        json_array_append_new(list, tool_json(a, &tools[i]));
    send_result(out, id, json_pack("{s:o}", "tools", list));
  } else if (strcmp(m, "tools/call") == 0) {
    int code;
    const char *why = NULL;
    json_t *r = params ? call_tool(a, params, line, &code, &why) : NULL;
    if (r)
      send_result(out, id, r);
    else
      send_error(out, id, params ? code : E_PARAMS,
                 why ? why : "Invalid params: expected name and arguments");
  } else if (strcmp(m, "resources/list") == 0) {
    send_result(out, id, resources_list(a));
  } else if (strcmp(m, "resources/templates/list") == 0) {
    send_result(out, id, json_pack("{s:[]}", "resourceTemplates"));
  } else if (strcmp(m, "resources/read") == 0) {
    const char *uri = json_string_value(json_object_get(params, "uri"));
    int code = E_PARAMS;
    const char *why = "Invalid params: expected uri";
    json_t *r = uri ? resource_read(a, uri, &code, &why) : NULL;
    if (r)
      send_result(out, id, r);
    else
      send_error(out, id, code, why);
  } else if (strcmp(m, "prompts/list") == 0) {
    send_result(out, id,
                json_pack("{s:[{s:s, s:s, s:s, s:[{s:s, s:s, s:b}]}]}", "prompts", "name", "agent-bill",
                          "title", "Agent Bill", "description",
                          "Sets the assistant up as Agent Bill for this user: role, scope, and how to answer",
                          "arguments", "name", "question", "description", "A first question (optional)",
                          "required", 0));
  } else if (strcmp(m, "prompts/get") == 0) {
    const char *name = json_string_value(json_object_get(params, "name"));
    if (!name || strcmp(name, "agent-bill") != 0) {
      send_error(out, id, E_PARAMS, "Invalid params: unknown prompt");
    } else {
      const char *q = json_string_value(json_object_get(json_object_get(params, "arguments"), "question"));
      char *text = role_prompt(a, q);
      send_result(out, id,
                  json_pack("{s:s, s:[{s:s, s:{s:s, s:s}}]}", "description", "Agent Bill", "messages", "role",
                            "user", "content", "type", "text", "text", text ? text : ""));
      free(text);
    }
  } else {
    send_error(out, id, E_METHOD, "Method not found");
  }
  json_decref(msg);
}

int fc_mcp_serve(fc_ask *a, FILE *in, FILE *out) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, in)) >= 0) {
    size_t len = (size_t)n;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      len--;
    size_t s = 0;
    while (s < len && (line[s] == ' ' || line[s] == '\t'))
      s++;
    if (s == len)
      continue;
    if (len > MAX_LINE) {
      send_error(out, NULL, E_PARSE, "Parse error: message too long");
      continue;
    }
    line[len] = 0;
    handle(a, line + s, len - s, out);
  }
  free(line);
  return 0;
}
