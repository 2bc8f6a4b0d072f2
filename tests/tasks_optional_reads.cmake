# Optional reads ("?plugin.result") of the plugin host: fixture plugins for test_plugins, built like
# the others of tests/plugins (this file is included after plugins.cmake, which defines them).
fc_abi_fixture(optional a_optread plugins/optread)
fc_abi_fixture(optional ow plugins/optwriter)
fc_abi_fixture(optfact optfact plugins/optfact)
add_dependencies(test_plugins abi_optional_a_optread abi_optional_ow abi_optfact_optfact)
