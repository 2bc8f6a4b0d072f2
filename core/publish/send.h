/* send.h: `finops send`: emails each person listed in a period's manifest.json their report card
 * and pack, exactly once per content (the send ledger), through SMTP or into .eml files. */
#ifndef FC_SEND_H
#define FC_SEND_H

/* The whole command: argv[0] is "send". Returns the exit status: 0 all sent (or nothing to send),
 * 1 a recipient failed or I/O failed, 2 usage or configuration errors. */
int fc_send_main(int argc, char **argv);

#endif
