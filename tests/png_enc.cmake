# Chart PNG encoder: our libpng file decodes (with cairo's own PNG reader) to the same pixels as
# the surface and as cairo_surface_write_to_png's file; the same surface gives the same bytes; a
# failed write fails.
fc_unit_test(test_png_enc unit)
