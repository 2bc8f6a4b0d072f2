fc_unit_test(test_sessions unit)
