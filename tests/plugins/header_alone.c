/* header_alone.c: include finops/plugin.h alone; compiled with -std=c11 -pedantic -Werror by a test. */
#include "finops/plugin.h"
