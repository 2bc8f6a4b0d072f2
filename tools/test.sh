#!/bin/sh
# test.sh: the whole test suite: formatting, a -Werror build with every test, then the same tests
# built with AddressSanitizer and UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"
tools/install-deps.sh --test

echo "== formatting (clang-format)"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find core agent include plugins tests tools examples -name '*.[ch]')
if ! clang-format --dry-run --Werror $files; then
  echo "formatting differs: run clang-format -i on the files above" >&2
  exit 1
fi

echo "== build and test (-Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFC_WERROR=ON >/dev/null
cmake --build build -j"$JOBS"
ctest --test-dir build -j"$JOBS" --output-on-failure

echo "== build and test (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFC_SANITIZE=ON -DFC_ARENA_DEBUG=ON -DFC_WERROR=ON >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/tools/lsan.supp":print_suppressions=0 \
  ctest --test-dir build-asan -j"$JOBS" --output-on-failure
