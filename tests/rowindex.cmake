fc_unit_test(test_rowindex unit)
