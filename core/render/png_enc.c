/* png_enc.c: chart PNGs from a cairo image surface.
 *
 * cairo_surface_write_to_png lets libpng try every row filter on every row and compresses at
 * zlib's default level; for the charts (flat colours, antialiased edges and text) that effort buys
 * little. Here the row filter is fixed (None). An opaque image with at most 256 colours (about
 * three charts in four: fills, and the blends antialiasing makes between a few of them) is written
 * as an 8-bit palette image, its colours in the order they first appear: a third of the bytes to
 * deflate, and on the 1,165 charts of a 200-workload run 18.8 MB instead of 30.5 MB, the same
 * pixels. With ISA-L (FC_HAVE_ISAL) the whole image is compressed in one call by its level-0
 * deflate into a zlib stream and the chunks are written directly: about 0.25 ms per chart against
 * 8-20 ms for libpng with zlib level 1 and 20-35 ms for cairo's writer. Level 0, not level 1:
 * ISA-L 2.30's level 1 (Debian 12) does not give the same bytes for the same pixels in every
 * process (about one process in 300 on an AVX-512 machine writes another, equally valid, stream;
 * its level buffer cleared, the same input, the same addresses), so published charts differed
 * from run to run; level 0 gave one stream in 5,100 processes (51 charts, 100 processes each).
 * Level 0's streams are about 29% larger than level 1's and take half the time (ctest
 * test_png_enc encodes the same images in 200 processes and compares the bytes). Without ISA-L,
 * libpng writes it with zlib at level 1 and its default strategy. No time or text chunks are
 * written, so the same surface gives the same bytes (in a given build), whatever was encoded before
 * it. The levels are macros only so that they can be measured again. */
#include "png_enc.h"

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#ifndef FC_PNG_FILTER
#define FC_PNG_FILTER PNG_FILTER_NONE
#endif
#ifndef FC_PNG_LEVEL
#define FC_PNG_LEVEL 1
#endif
#ifndef FC_PNG_STRATEGY
#define FC_PNG_STRATEGY Z_DEFAULT_STRATEGY
#endif

#ifdef FC_HAVE_ISAL
#include <isa-l/igzip_lib.h>

#ifndef FC_PNG_ISAL_LEVEL
#define FC_PNG_ISAL_LEVEL 0
#endif
#if FC_PNG_ISAL_LEVEL == 0
#define FC_PNG_ISAL_BUF 0
#elif FC_PNG_ISAL_LEVEL == 1
#define FC_PNG_ISAL_BUF ISAL_DEF_LVL1_DEFAULT
#elif FC_PNG_ISAL_LEVEL == 2
#define FC_PNG_ISAL_BUF ISAL_DEF_LVL2_DEFAULT
#else
#define FC_PNG_ISAL_BUF ISAL_DEF_LVL3_DEFAULT
#endif
#endif

static void on_write(png_structp png, png_bytep data, size_t len) {
  FILE *f = png_get_io_ptr(png);
  if (fwrite(data, 1, len, f) != len)
    png_error(png, "write failed");
}

static void on_flush(png_structp png) { (void)png; /* the caller's fclose flushes */ }

static void on_error(png_structp png, png_const_charp msg) {
  (void)msg;
  png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) {
  (void)png;
  (void)msg;
}

/* One surface row (native-endian 32-bit pixels) to RGB or unpremultiplied RGBA bytes. */
static void convert_row(const unsigned char *src, unsigned char *dst, int width, int alpha) {
  const uint32_t *px = (const uint32_t *)(const void *)src;
  if (!alpha) { /* the charts: a tight loop, one 32-bit load and three stores per pixel */
    for (int x = 0; x < width; x++, dst += 3) {
      uint32_t p = px[x];
      dst[0] = (unsigned char)(p >> 16);
      dst[1] = (unsigned char)(p >> 8);
      dst[2] = (unsigned char)p;
    }
    return;
  }
  for (int x = 0; x < width; x++) {
    uint32_t p = px[x];
    unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
    if (!alpha) {
      *dst++ = (unsigned char)r;
      *dst++ = (unsigned char)g;
      *dst++ = (unsigned char)b;
      continue;
    }
    unsigned a = p >> 24;
    if (a == 0) {
      r = g = b = 0;
    } else if (a != 255) { /* as cairo's own unpremultiply: rounded */
      r = (r * 255 + a / 2) / a;
      g = (g * 255 + a / 2) / a;
      b = (b * 255 + a / 2) / a;
    }
    *dst++ = (unsigned char)r;
    *dst++ = (unsigned char)g;
    *dst++ = (unsigned char)b;
    *dst++ = (unsigned char)a;
  }
}

/* The pixels of an image surface in RGB24 or ARGB32, flushed; -1 for anything else. */
typedef struct img {
  int alpha, width, height, stride;
  const unsigned char *data;
} img;

static int image_of(cairo_surface_t *s, img *im) {
  if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE)
    return -1;
  cairo_surface_flush(s);
  cairo_format_t fmt = cairo_image_surface_get_format(s);
  if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
    return -1;
  im->alpha = fmt == CAIRO_FORMAT_ARGB32;
  im->width = cairo_image_surface_get_width(s);
  im->height = cairo_image_surface_get_height(s);
  im->stride = cairo_image_surface_get_stride(s);
  im->data = cairo_image_surface_get_data(s);
  return !im->data || im->width <= 0 || im->height <= 0 ? -1 : 0;
}

/* The colours of an opaque image when it has at most 256 (charts: flat fills, and the blends that
 * antialiasing makes between a few of them): pal gets them in the order they first appear and raw
 * the filtered palette image (each row a filter byte, None, and an index per pixel). The number of
 * colours, or 0 when there are more (or the image has alpha). */
static int palette_of(const img *im, uint32_t pal[256], unsigned char *raw) {
  if (im->alpha)
    return 0;
  enum { SLOTS = 1024 }; /* a hash of colour + 1 (0: empty) to index, at most a quarter full */
  uint32_t key[SLOTS];
  unsigned char val[SLOTS];
  memset(key, 0, sizeof key);
  int n = 0;
#define LOOKUP(p, out)                                                                                       \
  do {                                                                                                       \
    uint32_t h_ = (((p) + 1) * 2654435761u) >> 22;                                                           \
    while (key[h_] && key[h_] != (p) + 1)                                                                    \
      h_ = (h_ + 1) & (SLOTS - 1);                                                                           \
    if (!key[h_]) {                                                                                          \
      if (n == 256)                                                                                          \
        return 0;                                                                                            \
      key[h_] = (p) + 1;                                                                                     \
      val[h_] = (unsigned char)n;                                                                            \
      pal[n++] = (p);                                                                                        \
    }                                                                                                        \
    (out) = val[h_];                                                                                         \
  } while (0)
  uint32_t last = *(const uint32_t *)(const void *)im->data & 0xffffffu;
  unsigned char li;
  LOOKUP(last, li);
  const size_t row = 1 + (size_t)im->width;
  for (int y = 0; y < im->height; y++) {
    const uint32_t *px = (const uint32_t *)(const void *)(im->data + (size_t)y * (size_t)im->stride);
    unsigned char *out = raw + (size_t)y * row;
    *out++ = 0;
    if (y > 0 && memcmp(px, im->data + (size_t)(y - 1) * (size_t)im->stride, (size_t)im->width * 4) == 0) {
      memcpy(out, out - row, (size_t)im->width); /* the row above again: background, bars */
      continue;
    }
    for (int x = 0; x < im->width;) {
      if (x + 16 <= im->width) { /* runs of one colour are the rule: 16 pixels at a time */
        uint32_t d = 0;
        for (int k = 0; k < 16; k++)
          d |= px[x + k] ^ last;
        if (!(d & 0xffffffu)) {
          memset(out + x, li, 16);
          x += 16;
          continue;
        }
      }
      uint32_t p = px[x] & 0xffffffu;
      if (p != last) { /* look up only where the colour changes */
        LOOKUP(p, li);
        last = p;
      }
      out[x++] = li;
    }
  }
#undef LOOKUP
  return n;
}

static int write_libpng(cairo_surface_t *s, FILE *f) {
  img im;
  if (image_of(s, &im))
    return -1;
  const int alpha = im.alpha, width = im.width, height = im.height, stride = im.stride;
  const unsigned char *data = im.data;
  const size_t prow = 1 + (size_t)width;
  unsigned char *row = malloc((size_t)width * (alpha ? 4 : 3));
  unsigned char *praw = alpha ? NULL : malloc(prow * (size_t)height);
  uint32_t pal[256];
  int ncolours = praw ? palette_of(&im, pal, praw) : 0;
  png_color plte[256];
  for (int i = 0; i < ncolours; i++)
    plte[i] = (png_color){(png_byte)(pal[i] >> 16), (png_byte)(pal[i] >> 8), (png_byte)pal[i]};
  if (!row) {
    free(praw);
    return -1;
  }
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, on_error, on_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (!info) {
    png_destroy_write_struct(&png, NULL);
    free(row);
    free(praw);
    return -1;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    free(row);
    free(praw);
    return -1;
  }
  png_set_write_fn(png, f, on_write, on_flush);
  png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
               ncolours ? PNG_COLOR_TYPE_PALETTE
               : alpha  ? PNG_COLOR_TYPE_RGB_ALPHA
                        : PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (ncolours)
    png_set_PLTE(png, info, plte, ncolours);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, FC_PNG_FILTER);
  png_set_compression_level(png, FC_PNG_LEVEL);
  png_set_compression_strategy(png, FC_PNG_STRATEGY);
  png_write_info(png, info);
  for (int y = 0; y < height; y++) {
    if (ncolours) {
      png_write_row(png, praw + (size_t)y * prow + 1);
      continue;
    }
    convert_row(data + (size_t)y * (size_t)stride, row, width, alpha);
    png_write_row(png, row);
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  free(row);
  free(praw);
  return ferror(f) ? -1 : 0;
}

#ifdef FC_HAVE_ISAL
static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* One chunk: length, type, data, CRC of type and data. */
static int put_chunk(FILE *f, const char *type, const unsigned char *data, size_t n) {
  unsigned char head[8], tail[4];
  put_be32(head, (uint32_t)n);
  memcpy(head + 4, type, 4);
  uLong crc = crc32(0L, head + 4, 4);
  if (n)
    crc = crc32_z(crc, data, n);
  put_be32(tail, (uint32_t)crc);
  return fwrite(head, 1, 8, f) == 8 && (!n || fwrite(data, 1, n, f) == n) && fwrite(tail, 1, 4, f) == 4 ? 0
                                                                                                        : -1;
}

static int write_isal(cairo_surface_t *s, FILE *f) {
  img im;
  if (image_of(s, &im))
    return -1;
  const int alpha = im.alpha, width = im.width, height = im.height, stride = im.stride;
  const unsigned char *data = im.data;
  /* the filtered image, true colour: each row a filter byte (0, None) and its pixels; a palette
   * image takes a third of that (or a quarter) in the same place */
  const size_t row = 1 + (size_t)width * (alpha ? 4 : 3);
  /* the compressor may read up to ISAL_LOOK_AHEAD bytes past the image: zeros are kept there */
  const size_t pad = (ISAL_LOOK_AHEAD + 63) & ~(size_t)63;
  const size_t nr = (row * (size_t)height + pad + 63) & ~(size_t)63;
  /* more than stored blocks need: a compressed stream fits */
  const size_t cap = (nr + nr / 16 + 4096 + 63) & ~(size_t)63;
  const size_t need = nr + cap + FC_PNG_ISAL_BUF + 64;
  /* one block kept from chart to chart (charts have one size): no fresh pages to fault in each time */
  static unsigned char *keep;
  static size_t kept;
  if (need > kept) {
    free(keep);
    keep = malloc(need);
    kept = keep ? need : 0;
  }
  if (!keep)
    return -1;
  unsigned char *raw = keep, *z = keep + nr, *lvl = FC_PNG_ISAL_BUF ? keep + nr + cap : NULL;
  /* the compressor's level buffer is kept from chart to chart: cleared, so that nothing of the
   * previous chart can reach this one's stream (every other byte read is written first) */
  if (lvl)
    memset(lvl, 0, FC_PNG_ISAL_BUF);
  uint32_t pal[256];
  int ncolours = palette_of(&im, pal, raw);
  size_t n;
  if (ncolours) {
    n = (1 + (size_t)width) * (size_t)height;
  } else {
    n = row * (size_t)height;
    for (int y = 0; y < height; y++) {
      unsigned char *out = raw + (size_t)y * row;
      const unsigned char *src = data + (size_t)y * (size_t)stride;
      if (y > 0 && memcmp(src, src - stride, (size_t)width * 4) == 0) {
        memcpy(out, out - row, row); /* the row above again */
        continue;
      }
      out[0] = 0;
      convert_row(src, out + 1, width, alpha);
    }
  }
  memset(raw + n, 0, pad); /* past the image: zeros, whatever an earlier (larger) image left there */
  struct isal_zstream zs;
  memset(&zs, 0, sizeof zs); /* no stack garbage in the state the compressor reads */
  isal_deflate_stateless_init(&zs);
  zs.level = FC_PNG_ISAL_LEVEL;
  zs.level_buf = lvl;
  zs.level_buf_size = FC_PNG_ISAL_BUF;
  zs.gzip_flag = IGZIP_ZLIB;
  zs.next_in = raw;
  zs.avail_in = (uint32_t)n;
  zs.next_out = z;
  zs.avail_out = (uint32_t)cap;
  zs.end_of_stream = 1;
  zs.flush = NO_FLUSH;
  if (n > UINT32_MAX / 2 || isal_deflate_stateless(&zs) != COMP_OK || zs.avail_in != 0)
    return -2; /* nothing written yet: libpng encodes it instead */
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  unsigned char ihdr[13], plte[3 * 256];
  put_be32(ihdr, (uint32_t)width);
  put_be32(ihdr + 4, (uint32_t)height);
  ihdr[8] = 8;                            /* bit depth */
  ihdr[9] = ncolours ? 3 : alpha ? 6 : 2; /* palette : RGBA : RGB */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;     /* deflate, adaptive filtering, no interlace */
  for (int i = 0; i < ncolours; i++) {
    plte[3 * i] = (unsigned char)(pal[i] >> 16);
    plte[3 * i + 1] = (unsigned char)(pal[i] >> 8);
    plte[3 * i + 2] = (unsigned char)pal[i];
  }
  if (fwrite(sig, 1, 8, f) != 8 || put_chunk(f, "IHDR", ihdr, sizeof ihdr) ||
      (ncolours && put_chunk(f, "PLTE", plte, 3 * (size_t)ncolours)) ||
      put_chunk(f, "IDAT", z, zs.total_out) || put_chunk(f, "IEND", NULL, 0))
    return -1;
  return ferror(f) ? -1 : 0;
}
#endif

int fc_png_write_stream(cairo_surface_t *s, FILE *f) {
#ifdef FC_HAVE_ISAL
  int rc = write_isal(s, f);
  if (rc != -2)
    return rc;
#endif
  return write_libpng(s, f);
}

int fc_png_write(cairo_surface_t *s, const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  int rc = fc_png_write_stream(s, f);
  if (fclose(f) != 0)
    rc = -1;
  return rc;
}
