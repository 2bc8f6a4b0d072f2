fc_unit_test(test_numfmt unit)
