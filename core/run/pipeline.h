/* pipeline.h: finops run end to end. */
#ifndef FC_PIPELINE_H
#define FC_PIPELINE_H

#include "run.h"

/* Executes a run. Returns FC_OK, or a status whose problems are in diags. Usage, config and input
 * problems give FC_ERR_CONFIG / FC_ERR_PARSE / FC_ERR_PLUGIN (refused plugins) before anything is
 * written; a failing plugin or I/O error gives FC_ERR_IO / FC_ERR_PLUGIN after, and leaves the
 * previous output untouched. *published (may be NULL) gets the output folder; caller frees. */
fc_status fc_run_execute(const fc_run_opts *opts, fc_diags *diags, char **published);

#endif
