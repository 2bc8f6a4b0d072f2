fc_unit_test(test_text unit)
