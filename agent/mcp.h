/* mcp.h: `finops mcp`: Agent Bill as a Model Context Protocol server (JSON-RPC 2.0 over stdio). */
#ifndef FC_MCP_H
#define FC_MCP_H

#include <stdio.h>

#include "ask.h"

/* Serves requests read from in (one JSON-RPC message per line) until end of input, answering on
 * out. Malformed messages get JSON-RPC errors. Returns 0. */
int fc_mcp_serve(fc_ask *a, FILE *in, FILE *out);

#endif
