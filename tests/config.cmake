fc_unit_test(test_config unit)
