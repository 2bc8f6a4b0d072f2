fc_unit_test(test_rowscan unit)
