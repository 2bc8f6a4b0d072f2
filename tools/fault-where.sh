#!/bin/sh
# fault-where.sh: the source lines of the call that fails first with FC_FAULT_ALLOC=N or
# FC_FAULT_WRITE=N, for finding the code a fault sweep reports.
# usage: (cd RUN_DIR && fault-where.sh BUILD_DIR alloc|write N finops-arguments...)
B=$1; kind=$2; n=$3; shift 3
if [ "$kind" = alloc ]; then export FC_FAULT_ALLOC="$n"; else export FC_FAULT_WRITE="$n"; fi
FC_FAULT_TRACE=1 "$B/finops" "$@" 2>&1 | grep -E '^\S.*\[0x' | while read -r line; do
  obj=$(echo "$line" | sed 's/(.*//')
  off=$(echo "$line" | sed -n 's/.*(+\(0x[0-9a-f]*\)).*/\1/p')
  if [ -n "$off" ]; then addr2line -f -i -p -e "$obj" "$off" | sed 's|.*/harden-robust/||;s| at /.*/| at |'; else echo "$line" | sed 's/ \[.*//'; fi
done
