fc_unit_test(test_ingest unit)
