#!/usr/bin/env bash
# vramlint check over N generated YAML deployment files (default 2,000) against yamllint -d relaxed on the same files
# and against reading them (cat), interleaved, on one core (taskset -c 0): files per second and the ratios.
# Also the peak memory of each (GNU time's maximum resident set size). Usage: bash bench/yaml-throughput.sh [N]
. "$(dirname "$0")/lib.sh"
need yamllint yamllint
need taskset util-linux
files="${1:-2000}"
scratch
machine
cli="$(vramlint_cli)"
gen_yaml "$BENCH_TMP/yaml" "$files"
mapfile -t paths < <(find "$BENCH_TMP/yaml" -name '*.yaml' | sort)
echo "inputs: ${#paths[@]} files, $(cat "${paths[@]}" | wc -c) bytes; $("$cli" check "$BENCH_TMP/yaml" 2>&1 | tail -n 1)"

vramlint_check=(taskset -c 0 "$cli" check "$BENCH_TMP/yaml")
yamllint_relaxed=(taskset -c 0 yamllint -d relaxed "$BENCH_TMP/yaml")
read_files=(taskset -c 0 cat "${paths[@]}")
compare "vramlint check" vramlint_check "yamllint -d relaxed" yamllint_relaxed "cat (read the files)" read_files

echo "files per second (median wall time and median CPU time, one core):"
labels=("vramlint check" "yamllint -d relaxed" "cat")
for i in 0 1 2; do
  printf '  %-22s %8.0f files/s wall, %8.0f files/s CPU\n' "${labels[$i]}" \
    "$(awk -v n="${#paths[@]}" -v m="$(median_of "$BENCH_TMP/compare-$i.tsv" 1)" 'BEGIN { print (m > 0) ? n / m : 0 }')" \
    "$(awk '{ print $2 + $3 }' "$BENCH_TMP/compare-$i.tsv" >"$BENCH_TMP/cpu-$i"; awk -v n="${#paths[@]}" -v m="$(median_of "$BENCH_TMP/cpu-$i" 1)" 'BEGIN { print (m > 0) ? n / m : 0 }')"
done
