# IAM model policies from the model catalog (core/render/model_iam.c).
fc_unit_test(test_model_iam unit)
