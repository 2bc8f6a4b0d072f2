/* test_xlsx_parts.c: the memory streams that stand in for libxlsxwriter's temporary files
 * (core/render/xlsx_zip.c, lxw_tmpfile). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#include "check.h"
#include "files.h"
#include "util.h"
#include "xlsx.h"

FILE *lxw_tmpfile(char *tmpdir);

/* What libxlsxwriter does with a part: many small writes, fflush, rewind, fread in blocks until a
 * short read with feof, fclose. */
static void test_stream(void) {
  FILE *f = lxw_tmpfile(NULL);
  CHECK(f != NULL);
  if (!f)
    return;
  size_t want = 0;
  for (int i = 0; i < 20000; i++) {
    int k = fprintf(f, "<c r=\"A%d\"><v>%d</v></c>", i + 1, i * 7);
    CHECK(k > 0);
    want += (size_t)k;
  }
  CHECK_INT(fflush(f), 0);
  CHECK_INT(ftell(f), (long)want);
  rewind(f);
  char *back = malloc(want + 1), blk[16384];
  size_t got = 0, n;
  while (back && (n = fread(blk, 1, sizeof blk, f)) > 0) {
    if (got + n <= want)
      memcpy(back + got, blk, n);
    got += n;
    if (n < sizeof blk)
      CHECK(feof(f));
  }
  CHECK_INT(got, want);
  if (back && got == want) {
    back[want] = '\0';
    CHECK(strncmp(back, "<c r=\"A1\"><v>0</v></c><c r=\"A2\"><v>7</v></c>", 44) == 0);
    char last[64];
    snprintf(last, sizeof last, "<c r=\"A20000\"><v>%d</v></c>", 19999 * 7);
    CHECK(want > strlen(last) && strcmp(back + want - strlen(last), last) == 0);
  }
  free(back);
  /* overwrite in the middle, write past the end: a file's behaviour */
  CHECK_INT(fseek(f, 3, SEEK_SET), 0);
  CHECK_INT((long)fwrite("XYZ", 1, 3, f), 3);
  CHECK_INT(fseek(f, 0, SEEK_END), 0);
  CHECK_INT(ftell(f), (long)want);
  CHECK_INT(fseek(f, 4, SEEK_END), 0);
  CHECK_INT((long)fwrite("!", 1, 1, f), 1);
  CHECK_INT(fflush(f), 0);
  CHECK_INT(fseek(f, 0, SEEK_SET), 0);
  char head[8] = {0};
  CHECK_INT((long)fread(head, 1, 7, f), 7);
  CHECK(memcmp(head, "<c XYZA", 7) == 0);
  CHECK_INT(fseek(f, (long)want, SEEK_SET), 0);
  char tail[6] = {1, 1, 1, 1, 1, 1};
  CHECK_INT((long)fread(tail, 1, 6, f), 5);
  CHECK(memcmp(tail, "\0\0\0\0!", 5) == 0);
  CHECK(fseek(f, -1000000, SEEK_CUR) != 0 && errno == EINVAL);
  CHECK_INT(fclose(f), 0);
}

/* A workbook through libxlsxwriter: its parts come from this lxw_tmpfile (the library calls it, not
 * its own), and the zip holds them. */
static void test_workbook(void) {
  CHECK_INT(fc_mkdirs(FC_TEST_TMP), 0);
  const char *path = FC_TEST_TMP "/parts.xlsx";
  int before = fc_xlsx_part_calls();
  lxw_workbook *wb = workbook_new(path);
  CHECK(wb != NULL);
  if (!wb)
    return;
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Spend");
  lxw_worksheet *ws2 = workbook_add_worksheet(wb, "Tokens");
  for (int r = 0; r < 500; r++) {
    worksheet_write_string(ws, (lxw_row_t)r, 0, "App 7", NULL);
    worksheet_write_number(ws, (lxw_row_t)r, 1, r * 1.25, NULL);
    worksheet_write_number(ws2, (lxw_row_t)r, 0, r, NULL);
  }
  CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
  int parts = fc_xlsx_part_calls() - before;
  CHECK(parts >= 9); /* content types, 2 rels, 2 sheets, workbook, shared strings, theme, styles, ... */
  char *zip;
  size_t n;
  CHECK_INT(fc_read_file(path, &zip, &n), 0);
  if (!zip)
    return;
  CHECK(n > 22 && memcmp(zip, "PK\3\4", 4) == 0);
  /* the names of the central directory, stored as they are */
  const char *names[] = {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml",
                         "xl/styles.xml", "[Content_Types].xml"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    CHECK(memmem(zip, n, names[i], strlen(names[i])) != NULL);
  free(zip);
  printf("test_xlsx_parts: a workbook of %d parts in memory, %zu bytes\n", parts, n);
  CHECK_INT(fc_remove_tree(FC_TEST_TMP), 0);
}

int main(void) {
  test_stream();
  test_workbook();
  return fc_check_done("test_xlsx_parts");
}
