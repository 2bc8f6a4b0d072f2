fc_unit_test(test_util unit)
