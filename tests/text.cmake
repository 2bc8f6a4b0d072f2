fc_unit_test(test_text unit)
fc_unit_test(test_stmt unit)
