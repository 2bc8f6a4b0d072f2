/* test_png_enc.c: core/render/png_enc.c against cairo's own PNG writer and reader. */
#include <cairo.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charts.h"
#include "check.h"
#include "png_enc.h"

/* Something like a chart: flat fills, antialiased lines, arcs and text; translucent on ARGB32. */
static cairo_surface_t *draw_text(cairo_format_t fmt, int w, int h, int with_text) {
  cairo_surface_t *s = cairo_image_surface_create(fmt, w, h);
  cairo_t *cr = cairo_create(s);
  if (fmt == CAIRO_FORMAT_RGB24) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  const double a = fmt == CAIRO_FORMAT_ARGB32 ? 0.55 : 1.0;
  for (int i = 0; i < 12; i++) {
    cairo_set_source_rgba(cr, (i * 37 % 255) / 255.0, (i * 91 % 255) / 255.0, (i * 53 % 255) / 255.0, a);
    cairo_rectangle(cr, 20 + i * 30.5, h - 20 - i * 11.3, 22, i * 11.3);
    cairo_fill(cr);
  }
  cairo_set_source_rgba(cr, 0.8, 0.1, 0.2, a);
  cairo_set_line_width(cr, 2.5);
  cairo_move_to(cr, 10, 40);
  for (int i = 1; i < 40; i++)
    cairo_line_to(cr, 10 + i * 10.3, 40 + (i * 17 % 60));
  cairo_stroke(cr);
  cairo_arc(cr, w - 60, 60, 35.5, 0, 5.0);
  cairo_set_source_rgba(cr, 0.1, 0.5, 0.9, 0.7 * a);
  cairo_fill(cr);
  if (!with_text) {
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
  }
  cairo_set_source_rgba(cr, 0.1, 0.1, 0.1, a);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 17);
  cairo_move_to(cr, 24, 30);
  cairo_show_text(cr, "Spend by model, 2026-11 ($12,345.67)");
  cairo_destroy(cr);
  cairo_surface_flush(s);
  return s;
}

static cairo_surface_t *draw(cairo_format_t fmt, int w, int h) { return draw_text(fmt, w, h, 1); }

/* Same size, same format and the same pixels (RGB24: the unused byte ignored). */
static int same_pixels(cairo_surface_t *a, cairo_surface_t *b, uint32_t mask) {
  if (cairo_surface_status(a) || cairo_surface_status(b))
    return 0;
  int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
  if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b))
    return 0;
  cairo_surface_flush(a);
  cairo_surface_flush(b);
  const unsigned char *da = cairo_image_surface_get_data(a), *db = cairo_image_surface_get_data(b);
  int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
  for (int y = 0; y < h; y++) {
    const uint32_t *ra = (const uint32_t *)(const void *)(da + (size_t)y * sa);
    const uint32_t *rb = (const uint32_t *)(const void *)(db + (size_t)y * sb);
    for (int x = 0; x < w; x++)
      if ((ra[x] & mask) != (rb[x] & mask)) {
        fprintf(stderr, "pixel %d,%d: %08x != %08x\n", x, y, ra[x], rb[x]);
        return 0;
      }
  }
  return 1;
}

static char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (*len = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)*len)) && fread(buf, 1, (size_t)*len, f) != (size_t)*len) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

static void check_format(cairo_format_t fmt, const char *name, uint32_t mask) {
  char ours[512], again[512], theirs[512];
  snprintf(ours, sizeof ours, "%s/%s-ours.png", FC_TEST_TMP, name);
  snprintf(again, sizeof again, "%s/%s-again.png", FC_TEST_TMP, name);
  snprintf(theirs, sizeof theirs, "%s/%s-cairo.png", FC_TEST_TMP, name);
  cairo_surface_t *s = draw(fmt, 801, 333); /* odd width: rows are not a multiple of 4 bytes */
  CHECK_INT(fc_png_write(s, ours), 0);
  CHECK_INT(fc_png_write(s, again), 0);
  CHECK_INT(cairo_surface_write_to_png(s, theirs), CAIRO_STATUS_SUCCESS);

  cairo_surface_t *ro = cairo_image_surface_create_from_png(ours);
  cairo_surface_t *rt = cairo_image_surface_create_from_png(theirs);
  CHECK_INT(cairo_surface_status(ro), CAIRO_STATUS_SUCCESS);
  CHECK_INT(cairo_image_surface_get_format(ro), fmt);
  CHECK(same_pixels(ro, rt, mask)); /* what cairo's own file decodes to */
  if (fmt == CAIRO_FORMAT_RGB24)
    CHECK(same_pixels(ro, s, mask)); /* and, opaque, the surface itself */
  cairo_surface_destroy(ro);
  cairo_surface_destroy(rt);

  long la = 0, lb = 0, lc = 0;
  char *a = slurp(ours, &la), *b = slurp(again, &lb), *c = slurp(theirs, &lc);
  CHECK(a && b && c);
  CHECK(la == lb && a && b && memcmp(a, b, (size_t)la) == 0); /* deterministic */
  CHECK(a && memcmp(a, "\x89PNG\r\n\x1a\n", 8) == 0);
  printf("%s: ours %ld bytes, cairo %ld bytes\n", name, la, lc);
  free(a);
  free(b);
  free(c);
  cairo_surface_destroy(s);
}

/* Strips of exactly ncolours colours (at most 512): a palette image when at most 256. */
static cairo_surface_t *flat(int w, int h, int ncolours) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_surface_flush(s);
  unsigned char *d = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      uint32_t i = (uint32_t)((x / 5 + y) % ncolours);
      ((uint32_t *)(void *)(d + (size_t)y * (size_t)stride))[x] =
          ((i * 97u) & 0xffu) << 16 | (i >> 8) * 80u << 8 | 0x40u;
    }
  cairo_surface_mark_dirty(s);
  return s;
}

/* The bytes of an image do not depend on the images encoded before it in the same process. */
static void check_history(void) {
  cairo_surface_t *a = flat(333, 101, 40), *b = draw(CAIRO_FORMAT_RGB24, 640, 480), *c = flat(640, 480, 200);
  CHECK_INT(fc_png_write(a, FC_TEST_TMP "/hist-a1.png"), 0);
  CHECK_INT(fc_png_write(b, FC_TEST_TMP "/hist-b.png"), 0);
  CHECK_INT(fc_png_write(c, FC_TEST_TMP "/hist-c.png"), 0);
  CHECK_INT(fc_png_write(a, FC_TEST_TMP "/hist-a2.png"), 0);
  long l1 = 0, l2 = 0;
  char *x = slurp(FC_TEST_TMP "/hist-a1.png", &l1), *y = slurp(FC_TEST_TMP "/hist-a2.png", &l2);
  CHECK(x && y && l1 == l2 && memcmp(x, y, (size_t)l1) == 0);
  free(x);
  free(y);
  cairo_surface_destroy(a);
  cairo_surface_destroy(b);
  cairo_surface_destroy(c);
}

/* At most 256 colours: a palette image with the same pixels; 257: true colour, the same pixels. */
static void check_palette(int ncolours, int want_type) {
  char path[512];
  snprintf(path, sizeof path, "%s/flat-%d.png", FC_TEST_TMP, ncolours);
  cairo_surface_t *s = flat(997, 211, ncolours);
  CHECK_INT(fc_png_write(s, path), 0);
  long len = 0;
  char *png = slurp(path, &len);
  CHECK(png && len > 33);
  if (png && len > 33)
    CHECK_INT(png[25], want_type); /* IHDR colour type */
  free(png);
  cairo_surface_t *r = cairo_image_surface_create_from_png(path);
  CHECK_INT(cairo_surface_status(r), CAIRO_STATUS_SUCCESS);
  CHECK(same_pixels(r, s, 0x00ffffffu));
  cairo_surface_destroy(r);
  cairo_surface_destroy(s);
}

/* --encode: each test image encoded, one line per image: its length and a hash of its bytes. */
static int encode_and_hash(void) {
  cairo_surface_t *im[3] = {draw_text(CAIRO_FORMAT_RGB24, 1000, 560, 0), flat(1000, 560, 240),
                            flat(1000, 560, 40)};
  for (int i = 0; i < 3; i++) {
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int rc = m ? fc_png_write_stream(im[i], m) : -1;
    if (m && fclose(m) != 0)
      rc = -1;
    uint64_t h = 14695981039346656037u;
    for (size_t k = 0; k < len; k++)
      h = (h ^ (unsigned char)buf[k]) * 1099511628211u;
    printf("%d %zu %016llx\n", rc, len, (unsigned long long)h);
    free(buf);
    cairo_surface_destroy(im[i]);
  }
  return 0;
}

/* The same pixels give the same bytes in every process, not only within one: each of N fresh
 * processes (address layout, CPU, whatever ran before) encodes the same images. A compressor
 * whose output varies from process to process (seen with ISA-L's level 1 on AVX-512, about one
 * process in 300) makes the published charts differ from run to run. */
static void check_processes(const char *self, int n) {
  char cmd[4200], first[512] = "", line[512];
  snprintf(cmd, sizeof cmd, "'%s' --encode", self);
  int differ = 0;
  for (int i = 0; i < n; i++) {
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p)
      return;
    size_t got = fread(line, 1, sizeof line - 1, p);
    line[got] = 0;
    CHECK_INT(pclose(p), 0);
    if (i == 0) {
      snprintf(first, sizeof first, "%s", line);
      CHECK(strncmp(first, "0 ", 2) == 0 && strstr(first, "\n0 ") != NULL);
    } else if (strcmp(line, first) != 0) {
      if (!differ++)
        fprintf(stderr, "process %d encoded:\n%sprocess 1 encoded:\n%s", i + 1, line, first);
    }
  }
  if (differ)
    fprintf(stderr, "%d of %d processes encoded other bytes\n", differ, n);
  CHECK_INT(differ, 0);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--encode") == 0)
    return encode_and_hash();
  mkdir(FC_TEST_TMP, 0755);
  check_format(CAIRO_FORMAT_RGB24, "rgb24", 0x00ffffffu);
  check_history();
  check_palette(2, 3);
  check_palette(256, 3);
  check_palette(257, 2);
  check_format(CAIRO_FORMAT_ARGB32, "argb32", 0xffffffffu);

  /* A full disk: the write or the close fails, and so does the encoder. */
  cairo_surface_t *s = draw(CAIRO_FORMAT_RGB24, 300, 200);
  FILE *full = fopen("/dev/full", "wb");
  if (full) {
    int rc = fc_png_write_stream(s, full);
    CHECK(rc != 0 || fclose(full) != 0);
    if (rc != 0)
      fclose(full);
  }
  CHECK_INT(fc_png_write(s, "/dev/full"), -1);
  CHECK_INT(fc_png_write(s, FC_TEST_TMP "/no/such/folder/x.png"), -1);
  /* A surface that is not an image surface cannot be encoded. */
  cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
  CHECK_INT(fc_png_write(rec, FC_TEST_TMP "/rec.png"), -1);
  cairo_surface_destroy(rec);
  cairo_surface_destroy(s);
  char self[4096];
  ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
  CHECK(sl > 0);
  if (sl > 0) {
    self[sl] = 0;
    const char *env = getenv("FC_PNG_PROCESSES");
    check_processes(self, env ? atoi(env) : 200);
  }
  fc_charts_release(); /* cairo's and fontconfig's caches, for the leak checker */
  return fc_check_done("test_png_enc");
}
