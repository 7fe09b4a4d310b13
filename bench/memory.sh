#!/usr/bin/env bash
# Peak memory of vramlint check over N generated YAML deployment files (default 2,000): GNU time -v's
# "Maximum resident set size", the median of RUNS runs. Usage: bash bench/memory.sh [N]
. "$(dirname "$0")/lib.sh"
files="${1:-2000}"
scratch
machine
cli="$(vramlint_cli)"
gen_yaml "$BENCH_TMP/yaml" "$files"
for ((r = 0; r < RUNS; r++)); do
  /usr/bin/time -v "$cli" check "$BENCH_TMP/yaml" 2>"$BENCH_TMP/time-$r.txt" >/dev/null || true
  sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$BENCH_TMP/time-$r.txt" >>"$BENCH_TMP/rss"
done
echo "vramlint check, $files files: peak memory $(median_of "$BENCH_TMP/rss" 1 | awk '{ printf "%.1f MB", $1 / 1024 }') (median of $RUNS; all: $(sort -n "$BENCH_TMP/rss" | awk '{ printf "%s%.0f", (NR > 1) ? ", " : "", $1 / 1024 }') MB)"
