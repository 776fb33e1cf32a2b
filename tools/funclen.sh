#!/bin/sh
# funclen.sh -- functions longer than 80 lines (STYLE.md's limit) in C and
# C++ files: from a column-0 definition ending in "{" to the next "}" at
# column 0.  A signature that wraps is missed: `ctags -x` is the second check.
[ $# -eq 0 ] && set -- src tools index include
find "$@" \( -name '*.c' -o -name '*.cc' -o -name '*.h' \) | sort | while read -r f; do
  awk -v f="$f" '
    /^[A-Za-z_].*\)[^;]*\{[ \t]*$/ && !/^(typedef|struct|enum|union)/ { start=NR; name=$0; next }
    /^\}/ && start { len=NR-start+1; if (len>80) printf "%4d %s:%d %s\n", len, f, start, substr(name,1,70); start=0 }
  ' "$f"
done | sort -rn
