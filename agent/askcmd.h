/* askcmd.h: the `finops ask`, `finops mcp` and `finops approve` commands. */
#ifndef FC_ASKCMD_H
#define FC_ASKCMD_H

/* Each takes the command's argv (argv[0] is the command name) and returns the exit status. */
int fc_cmd_ask(int argc, char **argv);
int fc_cmd_mcp(int argc, char **argv);
int fc_cmd_approve(int argc, char **argv);

#endif
