fc_unit_test(test_sha256 unit)
