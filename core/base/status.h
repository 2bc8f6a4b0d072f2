/* status.h: a message for each fc_status. */
#ifndef FC_STATUS_H
#define FC_STATUS_H

#include "finops/plugin.h"

const char *fc_strerror(fc_status st);

#endif
