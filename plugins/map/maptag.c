/* maptag.c: MAP 2.0 map-migrated tag values. See maptag.h. */
#include "maptag.h"

#include <string.h>

/* Longest first, so that "mig_ec2_12345" is read with the prefix mig_ec2_, not mig. Every prefix
 * is tried anyway: a value is valid when any reading of it is. */
static const char *const prefixes[] = {"comm_ec2_", "mig_ec2_", "oracle", "comm", "sap", "mig"};

static int suffix_valid(const char *s) {
  size_t n = strlen(s);
  if (n == 5) {
    for (size_t i = 0; i < n; i++)
      if (s[i] < '0' || s[i] > '9')
        return 0;
    return 1;
  }
  if (n == 10) {
    for (size_t i = 0; i < n; i++)
      if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
        return 0;
    return 1;
  }
  return 0;
}

int fcm_tag_valid(const char *v) {
  if (!v)
    return 0;
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t n = strlen(prefixes[i]);
    if (strncmp(v, prefixes[i], n) == 0 && suffix_valid(v + n))
      return 1;
  }
  return 0;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int fcm_tag_suggest(const char *v, char *buf, size_t cap) {
  if (!v || fcm_tag_valid(v))
    return 0;
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t n = strlen(prefixes[i]), k = 0;
    while (k < n && v[k] && lower((unsigned char)v[k]) == prefixes[i][k])
      k++;
    if (k < n || !suffix_valid(v + n) || strlen(v) + 1 > cap)
      continue;
    memcpy(buf, prefixes[i], n);
    strcpy(buf + n, v + n);
    return 1;
  }
  return 0;
}
