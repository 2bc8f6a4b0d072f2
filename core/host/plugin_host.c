/* plugin_host.c: dlopen-based plugin loading with a checked, versioned descriptor. */
#include "plugin_host.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "util.h"
#include "uses.h"

static int valid_name(const char *s) {
  if (!s || !*s || strlen(s) > 64)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Copies a NULL-terminated list (at most 256 entries: a longer one is malformed). */
static int copy_list(const char *const *src, char ***dst, size_t *n) {
  size_t k = 0;
  while (src && src[k] && k < 256)
    k++;
  if (src && src[k])
    return -1;
  char **v = calloc(k + 1, sizeof *v);
  if (!v)
    return -1;
  for (size_t i = 0; i < k; i++)
    if (!(v[i] = fc_strdup(src[i]))) {
      for (size_t j = 0; j < i; j++)
        free(v[j]);
      free(v);
      return -1;
    }
  *dst = v;
  *n = k;
  return 0;
}

static void plugin_release(fc_plugin *p) {
  for (size_t i = 0; p->reads && i < p->nreads; i++)
    free(p->reads[i]);
  for (size_t i = 0; p->writes && i < p->nwrites; i++)
    free(p->writes[i]);
  free(p->reads);
  free(p->writes);
  free(p->name);
  free(p->version);
  free(p->description);
  fc_uses_release(p);
  if (p->handle)
    dlclose(p->handle);
  free(p->file);
  memset(p, 0, sizeof *p);
}

/* Loads one file into p; on refusal records an error and returns -1 (p released). */
static int load_one(const char *file, fc_plugin *p, fc_plugin_check_fn check, fc_diags *d) {
  memset(p, 0, sizeof *p);
  p->file = fc_strdup(file);
  if (!p->file) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "out of memory");
    return -1;
  }
  dlerror();
  p->handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
  if (!p->handle) {
    const char *e = dlerror();
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "not a plugin: cannot load the shared object: %s",
                 e ? e : "unknown error");
    goto refuse;
  }
  fc_plugin_entry_fn entry;
  void *sym = dlsym(p->handle, FC_PLUGIN_ENTRY_SYMBOL);
  if (!sym) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "not a plugin: expected the symbol '%s', found none",
                 FC_PLUGIN_ENTRY_SYMBOL);
    goto refuse;
  }
  memcpy(&entry, &sym, sizeof entry);
  const fc_plugin_desc *desc = entry();
  if (!desc) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "not a plugin: expected a descriptor from %s(), found NULL",
                 FC_PLUGIN_ENTRY_SYMBOL);
    goto refuse;
  }
  /* The first four fields never move: read them alone first. */
  if (desc->magic != FC_PLUGIN_MAGIC) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "wrong magic: expected 0x%08X, found 0x%08X", FC_PLUGIN_MAGIC,
                 (unsigned)desc->magic);
    goto refuse;
  }
  if (desc->abi_major != FC_ABI_MAJOR) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "ABI major version mismatch: expected %d, found %u",
                 FC_ABI_MAJOR, (unsigned)desc->abi_major);
    goto refuse;
  }
  if (desc->abi_minor > FC_ABI_MINOR) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0,
                 "plugin needs a newer host: expected ABI minor version %d or older, found %u", FC_ABI_MINOR,
                 (unsigned)desc->abi_minor);
    goto refuse;
  }
  if (desc->size < FC_PLUGIN_DESC_MIN_SIZE) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "descriptor too small: expected at least %zu bytes, found %u",
                 (size_t)FC_PLUGIN_DESC_MIN_SIZE, (unsigned)desc->size);
    goto refuse;
  }
  /* Copy only what both sides know; the rest stays zero. */
  size_t n = desc->size < sizeof p->desc ? desc->size : sizeof p->desc;
  memcpy(&p->desc, desc, n);
  if (!valid_name(p->desc.name)) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "invalid plugin name: expected [a-z0-9_]+, found '%s'",
                 p->desc.name ? p->desc.name : "(null)");
    goto refuse;
  }
  if (!p->desc.process) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "plugin '%s': expected a process function, found NULL",
                 p->desc.name);
    goto refuse;
  }
  p->name = fc_strdup(p->desc.name);
  p->version = fc_strdup(p->desc.version ? p->desc.version : "");
  p->description = fc_strdup(p->desc.description ? p->desc.description : "");
  if (!p->name || !p->version || !p->description || copy_list(p->desc.reads, &p->reads, &p->nreads) ||
      copy_list(p->desc.writes, &p->writes, &p->nwrites)) {
    fc_diags_add(d, FC_SEV_ERROR, file, 0, 0,
                 "plugin '%s': malformed declarations (lists must end with NULL)", p->desc.name);
    goto refuse;
  }
  /* The host keeps copies: nothing below points into the shared object's data. */
  p->desc.name = p->name;
  p->desc.version = p->version;
  p->desc.description = p->description;
  p->desc.reads = (const char *const *)p->reads;
  p->desc.writes = (const char *const *)p->writes;
  size_t pl = strlen(p->name);
  for (size_t i = 0; i < p->nwrites; i++) {
    const char *w = p->writes[i];
    if (strncmp(w, p->name, pl) != 0 || w[pl] != '.' || !valid_name(w + pl + 1)) {
      fc_diags_add(d, FC_SEV_ERROR, file, 0, 0,
                   "plugin '%s': expected writes named '%s.<result>', found '%s'", p->name, p->name, w);
      goto refuse;
    }
    /* A result has one writer: the prefix rule makes another plugin writing it impossible, so the
     * only way to get two is to declare it twice. */
    for (size_t k = 0; k < i; k++)
      if (strcmp(p->writes[k], w) == 0) {
        fc_diags_add(d, FC_SEV_ERROR, file, 0, 0,
                     "plugin '%s': duplicate result '%s': declared in writes twice", p->name, w);
        goto refuse;
      }
  }
  /* report content (ABI 1.2: sheets, statements, charts) stays borrowed from the loaded object and
   * is checked by the renderer that will read it */
  if (check && check(p, file, d))
    goto refuse;
  if (fc_uses_copy(p, desc, d))
    goto refuse;
  return 0;
refuse:
  plugin_release(p);
  return -1;
}

int fc_plugins_writer(const fc_plugins *ps, const char *name) {
  for (size_t i = 0; i < ps->n; i++)
    for (size_t k = 0; k < ps->v[i].nwrites; k++)
      if (strcmp(ps->v[i].writes[k], name) == 0)
        return (int)i;
  return -1;
}

static int is_fact_read(const char *r) { return strncmp(r, "fact.", 5) == 0; }

/* Orders plugins so each follows those it reads from: Kahn's algorithm, smallest name first. */
static int order(fc_plugins *ps, fc_diags *d) {
  size_t n = ps->n;
  if (n == 0)
    return 0;
  int *indeg = calloc(n, sizeof *indeg);
  unsigned char *dep = calloc(n * n, 1); /* dep[i*n+j]: i reads from j */
  size_t *ord = calloc(n, sizeof *ord);
  unsigned char *done = calloc(n, 1);
  int rc = 0;
  if (!indeg || !dep || !ord || !done) {
    rc = -1;
    goto out;
  }
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < ps->v[i].nreads; k++) {
      const char *r = ps->v[i].reads[k];
      if (is_fact_read(r))
        continue;
      int w = fc_plugins_writer(ps, r);
      if (w >= 0 && (size_t)w != i && !dep[i * n + (size_t)w]) {
        dep[i * n + (size_t)w] = 1;
        indeg[i]++;
      } else if ((size_t)w == i) {
        fc_diags_add(d, FC_SEV_ERROR, ps->v[i].file, 0, 0,
                     "dependency cycle: plugin '%s' reads its own result '%s'", ps->v[i].name, r);
        rc = -1;
      }
    }
  for (size_t step = 0; step < n; step++) {
    size_t best = n;
    for (size_t i = 0; i < n; i++)
      if (!done[i] && indeg[i] == 0 && (best == n || strcmp(ps->v[i].name, ps->v[best].name) < 0))
        best = i;
    if (best == n) { /* every plugin left waits on another: a cycle */
      char chain[1024] = "";
      size_t cur = n;
      for (size_t i = 0; i < n; i++)
        if (!done[i]) {
          cur = i;
          break;
        }
      /* walk dependencies until a plugin repeats, then print that loop */
      unsigned char *seen = calloc(n, 1);
      size_t start = cur;
      while (seen && !seen[cur]) {
        seen[cur] = 1;
        for (size_t j = 0; j < n; j++)
          if (dep[cur * n + j] && !done[j]) {
            cur = j;
            break;
          }
      }
      start = cur;
      size_t len = 0;
      do {
        len += (size_t)snprintf(chain + len, len < sizeof chain ? sizeof chain - len : 0, "%s -> ",
                                ps->v[cur].name);
        for (size_t j = 0; j < n; j++)
          if (dep[cur * n + j] && !done[j]) {
            cur = j;
            break;
          }
      } while (cur != start && len < sizeof chain);
      if (len < sizeof chain)
        snprintf(chain + len, sizeof chain - len, "%s", ps->v[start].name);
      free(seen);
      fc_diags_add(d, FC_SEV_ERROR, ps->v[start].file, 0, 0,
                   "dependency cycle: %s (each reads a result of the next)", chain);
      rc = -1;
      goto out;
    }
    done[best] = 1;
    ord[step] = best;
    for (size_t i = 0; i < n; i++)
      if (dep[i * n + best])
        indeg[i]--;
  }
  if (rc == 0) {
    fc_plugin *nv = malloc(n * sizeof *nv);
    if (!nv) {
      rc = -1;
      goto out;
    }
    for (size_t i = 0; i < n; i++)
      nv[i] = ps->v[ord[i]];
    free(ps->v);
    ps->v = nv;
  }
out:
  free(indeg);
  free(dep);
  free(ord);
  free(done);
  return rc;
}

fc_status fc_plugins_load(const char *dir, fc_plugin_check_fn check, fc_plugins *out, fc_diags *d) {
  memset(out, 0, sizeof *out);
  DIR *dh = opendir(dir);
  if (!dh) {
    fc_diags_add(d, FC_SEV_ERROR, dir, 0, 0, "cannot read the plugins folder");
    return FC_ERR_IO;
  }
  char **files = NULL;
  size_t nf = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dh))) {
    size_t l = strlen(e->d_name);
    if (e->d_name[0] == '.' || l < 4 || strcmp(e->d_name + l - 3, ".so") != 0)
      continue;
    if (nf == cap) {
      cap = cap ? cap * 2 : 16;
      char **nv = realloc(files, cap * sizeof *nv);
      if (!nv) {
        closedir(dh);
        fc_paths_free(files, nf);
        return FC_ERR_NOMEM;
      }
      files = nv;
    }
    files[nf] = fc_asprintf("%s/%s", dir, e->d_name);
    if (!files[nf]) {
      closedir(dh);
      fc_paths_free(files, nf);
      return FC_ERR_NOMEM;
    }
    nf++;
  }
  closedir(dh);
  if (nf)
    qsort(files, nf, sizeof *files, cmp_str);
  size_t errors0 = d->nerrors;
  out->v = calloc(nf ? nf : 1, sizeof *out->v);
  if (!out->v) {
    fc_paths_free(files, nf);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < nf; i++) {
    fc_plugin p;
    if (load_one(files[i], &p, check, d))
      continue;
    int dup = -1;
    for (size_t k = 0; k < out->n; k++)
      if (strcmp(out->v[k].name, p.name) == 0)
        dup = (int)k;
    if (dup >= 0) {
      fc_diags_add(d, FC_SEV_ERROR, files[i], 0, 0, "duplicate plugin name: '%s' is already loaded from %s",
                   p.name, out->v[dup].file);
      plugin_release(&p);
      continue;
    }
    /* One writer per result needs no check here: writes carry the unique plugin name as prefix. */
    out->v[out->n++] = p;
  }
  fc_paths_free(files, nf);
  /* Every read must name a fact dimension or a loaded plugin's result. A read prefixed with '?' is
   * optional: a result that may have no writer (the plugin then finds no table). The '?' is dropped
   * once checked, so the plugin reads and the host orders by the plain name. */
  for (size_t i = 0; i < out->n; i++)
    for (size_t k = 0; k < out->v[i].nreads; k++) {
      const char *r = out->v[i].reads[k];
      int optional = r[0] == '?';
      r += optional;
      if (optional && (is_fact_read(r) || !strchr(r, '.'))) {
        fc_diags_add(d, FC_SEV_ERROR, out->v[i].file, 0, 0,
                     "plugin '%s': optional read '%s' must name another plugin's result (?<plugin>.<result>)",
                     out->v[i].name, r - 1);
      } else if (optional) {
        memmove(out->v[i].reads[k], r, strlen(r) + 1);
      } else if (is_fact_read(r)) {
        if (strcmp(r + 5, "*") != 0 && fc_dim_find(r + 5) < 0)
          fc_diags_add(d, FC_SEV_ERROR, out->v[i].file, 0, 0,
                       "plugin '%s' reads unknown fact column '%s' (expected fact.<dimension> or fact.*)",
                       out->v[i].name, r);
      } else if (fc_plugins_writer(out, r) < 0) {
        fc_diags_add(d, FC_SEV_ERROR, out->v[i].file, 0, 0,
                     "unknown dependency: plugin '%s' reads '%s', which no loaded plugin writes",
                     out->v[i].name, r);
      }
    }
  fc_uses_check(out, d);
  if (d->nerrors == errors0 && order(out, d))
    return FC_ERR_PLUGIN;
  return d->nerrors > errors0 ? FC_ERR_PLUGIN : FC_OK;
}

uint32_t fc_plugins_dim_mask(const fc_plugins *ps) {
  uint32_t m = 0;
  for (size_t i = 0; i < ps->n; i++)
    for (size_t k = 0; k < ps->v[i].nreads; k++) {
      const char *r = ps->v[i].reads[k];
      if (!is_fact_read(r))
        continue;
      if (strcmp(r + 5, "*") == 0)
        m |= FC_DIM_MASK_ALL;
      else if (fc_dim_find(r + 5) >= 0)
        m |= 1u << fc_dim_find(r + 5);
    }
  return m;
}

void fc_plugins_free(fc_plugins *ps) {
  for (size_t i = 0; i < ps->n; i++)
    plugin_release(&ps->v[i]);
  free(ps->v);
  memset(ps, 0, sizeof *ps);
}

const fc_plugin *fc_plugins_owner(const fc_plugins *ps, const char *qname, const char **name) {
  const char *dot = qname ? strchr(qname, '.') : NULL;
  if (!dot)
    return NULL;
  size_t pl = (size_t)(dot - qname);
  for (size_t i = 0; i < ps->n; i++)
    if (strlen(ps->v[i].name) == pl && strncmp(ps->v[i].name, qname, pl) == 0) {
      *name = dot + 1;
      return &ps->v[i];
    }
  return NULL;
}
