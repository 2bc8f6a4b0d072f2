# The routines shared by the host and the plugins (plugins/common/fcbase.c).
fc_unit_test(test_fcbase unit)
