/* maptag.c: MAP 2.0 map-migrated tag values. See maptag.h. */
#include "maptag.h"

#include <stdio.h>
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

const char *fcm_tag_engagement(const char *v, size_t *prefix_len) {
  if (!v)
    return NULL;
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t n = strlen(prefixes[i]);
    if (strncmp(v, prefixes[i], n) == 0 && suffix_valid(v + n)) {
      if (prefix_len)
        *prefix_len = n;
      return v + n;
    }
  }
  return NULL;
}

static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int fcm_tag_problem(const char *v, char *buf, size_t cap) {
  if (!v || fcm_tag_valid(v) || cap == 0)
    return 0;
  size_t len = strlen(v);
  if (len == 0)
    return snprintf(buf, cap, "the value is empty") > 0;
  if (is_space((unsigned char)v[0]) || is_space((unsigned char)v[len - 1]))
    return snprintf(buf, cap, "the value has a space before or after it") > 0;
  char sug[128];
  if (fcm_tag_suggest(v, sug, sizeof sug))
    return snprintf(buf, cap, "the prefix is not in lower case: %s is valid", sug) > 0;
  /* the longest known prefix it starts with, ignoring case */
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t n = strlen(prefixes[i]), k = 0;
    while (k < n && v[k] && lower((unsigned char)v[k]) == prefixes[i][k])
      k++;
    if (k < n)
      continue;
    const char *code = v + n;
    size_t cn = strlen(code);
    int lower_letters = 0, other = 0;
    for (size_t j = 0; j < cn; j++) {
      unsigned char c = (unsigned char)code[j];
      lower_letters += c >= 'a' && c <= 'z';
      other += !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }
    if (cn == 10 && lower_letters && !other)
      return snprintf(buf, cap, "the code after %s has lower-case letters: it takes upper case",
                      prefixes[i]) > 0;
    if (other)
      return snprintf(buf, cap, "the code after %s holds characters other than letters and digits",
                      prefixes[i]) > 0;
    return snprintf(
               buf, cap,
               "the code after %s has %zu characters: it takes 5 digits or 10 upper-case letters or digits",
               prefixes[i], cn) > 0;
  }
  return snprintf(buf, cap, "the value does not begin with mig, sap, oracle, comm, comm_ec2_ or mig_ec2_") >
         0;
}
