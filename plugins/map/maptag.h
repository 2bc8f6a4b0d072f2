/* maptag.h: the MAP 2.0 `map-migrated` tag value rules (docs/bedrock-cur.md, docs/map.md). Pure
 * functions, no host dependency: linked into the map plugin and its unit test. */
#ifndef FC_MAPTAG_H
#define FC_MAPTAG_H

#include <stddef.h>

/* 1 when v is a valid map-migrated value: a lower-case prefix (mig, sap, oracle, comm, comm_ec2_,
 * mig_ec2_) followed by exactly 5 digits or exactly 10 upper-case letters or digits. */
int fcm_tag_valid(const char *v);

/* When v is invalid only because its prefix is not lower case ("MIG12345"), writes the corrected
 * value into buf (cap bytes) and returns 1; else returns 0. */
int fcm_tag_suggest(const char *v, char *buf, size_t cap);

/* The MAP engagement id of a valid value: the code after its prefix ("12345" of "mig12345"), a
 * pointer into v, and the prefix's length in *prefix_len (when not NULL); NULL when v is invalid. */
const char *fcm_tag_engagement(const char *v, size_t *prefix_len);

/* Why v is not a valid value, in words, into buf (cap bytes); returns 1, or 0 when v is valid. */
int fcm_tag_problem(const char *v, char *buf, size_t cap);

/* Days since 1970-01-01 of the dates MAP counts from: Bedrock through tagged application inference
 * profiles from 2024-12-16, tags of the calling IAM principal from 2026-06-08. */
#define FCM_PROFILE_TAG_FROM 20073
#define FCM_ROLE_TAG_FROM 20612

#endif
