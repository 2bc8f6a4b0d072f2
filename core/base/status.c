/* status.c: messages for fc_status. */
#include "status.h"

static const char *const messages[FC_STATUS_COUNT] = {
    [FC_OK] = "success",
    [FC_ERR_NOMEM] = "out of memory",
    [FC_ERR_IO] = "input/output error",
    [FC_ERR_PARSE] = "input could not be parsed",
    [FC_ERR_CONFIG] = "invalid configuration",
    [FC_ERR_USAGE] = "bad command line",
    [FC_ERR_PLUGIN] = "plugin failed or was refused",
    [FC_ERR_ABI] = "plugin ABI mismatch",
    [FC_ERR_NOT_FOUND] = "not found",
    [FC_ERR_EXISTS] = "already exists",
    [FC_ERR_OVERFLOW] = "fixed-point overflow",
    [FC_ERR_RECONCILE] = "totals do not reconcile with the input",
    [FC_ERR_INVALID] = "invalid argument",
};

const char *fc_strerror(fc_status st) {
  if ((unsigned)st >= FC_STATUS_COUNT || !messages[st])
    return "unknown status";
  return messages[st];
}
