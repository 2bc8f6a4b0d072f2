# Workbook parts in memory: the stream lxw_tmpfile returns (xlsx_zip.c) writes, seeks and reads
# back like a file, and libxlsxwriter calls it for every part of a workbook it zips.
fc_unit_test(test_xlsx_parts unit)
