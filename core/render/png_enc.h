/* png_enc.h: chart PNGs encoded from a cairo image surface with libpng, a fixed row filter and a
 * zlib level and strategy chosen for flat-colour charts (see png_enc.c). */
#ifndef FC_PNG_ENC_H
#define FC_PNG_ENC_H

#include <cairo.h>
#include <stdio.h>

/* Encodes the image surface s (CAIRO_FORMAT_RGB24 as 8-bit palette when it has at most 256
 * colours, else 8-bit RGB; CAIRO_FORMAT_ARGB32 as 8-bit RGBA without premultiplication) into f.
 * Returns 0, or -1 on an unsupported surface, an allocation failure, a libpng error or a failed
 * write (ferror). The caller opens and closes f. */
int fc_png_write_stream(cairo_surface_t *s, FILE *f);

/* The same into a new file at path, through fopen/fwrite/fclose; 0 or -1 (fclose checked). */
int fc_png_write(cairo_surface_t *s, const char *path);

#endif
