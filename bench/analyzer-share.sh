#!/usr/bin/env bash
# The analyzer's share of a real build: a generated project of N C# files (default 2,000; one in a hundred starts a
# vLLM deployment) built with `dotnet build --no-incremental -p:ReportAnalyzer=true`, once referencing the VramLint
# package packed from this checkout and once referencing Meziantou.Analyzer instead, interleaved. The compiler's own
# report (ReportAnalyzer, read from the detailed log) gives each analyzer's time; compared per 1,000 files.
# The compiler server is off (UseSharedCompilation=false), as in a fresh CI build: each build JITs its analyzers.
# Usage: bash bench/analyzer-share.sh [N]      Env: MEZIANTOU_VERSION (default 3.0.341), RUNS (default 5)
. "$(dirname "$0")/lib.sh"
files="${1:-2000}"
meziantou="${MEZIANTOU_VERSION:-3.0.341}"
scratch
machine
version="$(pack_vramlint "$BENCH_TMP/feed")"
for variant in vramlint meziantou; do
  if [ "$variant" = vramlint ]; then reference="<PackageReference Include=\"VramLint\" Version=\"$version\" PrivateAssets=\"all\" />"
  else reference="<PackageReference Include=\"Meziantou.Analyzer\" Version=\"$meziantou\" PrivateAssets=\"all\" />"; fi
  analyzer_project "$BENCH_TMP/$variant" "$files" "$reference"
done

vramlint_build=(dotnet build "$BENCH_TMP/vramlint/Generated.csproj" --no-incremental --no-restore -nologo -v:q -p:ReportAnalyzer=true
  "-flp:logfile=$BENCH_TMP/vramlint.log;verbosity=detailed;append=true")
meziantou_build=(dotnet build "$BENCH_TMP/meziantou/Generated.csproj" --no-incremental --no-restore -nologo -v:q -p:ReportAnalyzer=true
  "-flp:logfile=$BENCH_TMP/meziantou.log;verbosity=detailed;append=true")
compare "build with VramLint" vramlint_build "build with Meziantou.Analyzer" meziantou_build
cp "$BENCH_TMP/compare-0.tsv" "$BENCH_TMP/vramlint-times.tsv"
cp "$BENCH_TMP/compare-1.tsv" "$BENCH_TMP/meziantou-times.tsv"

# The ReportAnalyzer tables, one per build (the warm-up's first): "run <tab> assembly <tab> analyzer <tab> seconds".
report() {
  # The table: a line per assembly (its name has ", Version="), then a line per analyzer in it; blank lines between
  # assemblies; it ends at the first other line (NOTE: ...).
  awk '/Total analyzer execution time/ { run++; table = 0; next }
       /Time \(s\) +% +Analyzer/ { table = 1; next }
       table && NF == 0 { next }
       table && $0 !~ /^ *<?[0-9.]+ +<?[0-9]+ +/ { table = 0; next }
       table {
         s = $1; sub(/^</, "", s); if ($1 ~ /^</) s = s / 2   # "<0.001": half the resolution
         name = $0; sub(/^ *[<0-9.]+ +[<0-9]+ +/, "", name)
         if (name ~ /, Version=/) { assembly = name; sub(/,.*/, "", assembly); print run "\t" assembly "\t(all)\t" s }
         else print run "\t" assembly "\t" name "\t" s
       }' "$1"
}
report "$BENCH_TMP/vramlint.log" >"$BENCH_TMP/vramlint-report.tsv"
report "$BENCH_TMP/meziantou.log" >"$BENCH_TMP/meziantou-report.tsv"

# Medians over the counted runs (the warm-up, run 1, is left out).
per_analyzer() { # FILE ASSEMBLY: "median_seconds <tab> analyzer" per analyzer of that assembly
  awk -F'\t' -v a="$2" '$1 > 1 && $2 == a { print $3 "\t" $4 }' "$1" | sort -t$'\t' -k1,1 -k2,2g \
    | awk -F'\t' '{ if ($1 != name && n) { print median(v, n) "\t" name; n = 0 } name = $1; v[++n] = $2 }
                  END { if (n) print median(v, n) "\t" name }
                  function median(a, k) { return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }'
}
per1000() { awk -v s="$1" -v n="$files" 'BEGIN { printf "%.1f", s * 1000 * 1000 / n }'; }
build_wall="$(median_of "$BENCH_TMP/vramlint-times.tsv" 1)"
vramlint_s="$(per_analyzer "$BENCH_TMP/vramlint-report.tsv" VramLint.Analyzers | awk -F'\t' '$2 == "(all)" { print $1 }')"
mez_total="$(per_analyzer "$BENCH_TMP/meziantou-report.tsv" Meziantou.Analyzer | awk -F'\t' '$2 == "(all)" { print $1 }')"
per_analyzer "$BENCH_TMP/meziantou-report.tsv" Meziantou.Analyzer | awk -F'\t' '$2 != "(all)"' | sort -g >"$BENCH_TMP/meziantou-rules.tsv"
rules="$(wc -l <"$BENCH_TMP/meziantou-rules.tsv")"
echo
echo "VramLint analyzer: ${vramlint_s:-?} s of a ${build_wall} s build (median of $RUNS) = $(awk -v a="${vramlint_s:-0}" -v b="$build_wall" 'BEGIN { printf "%.2f%%", (b > 0) ? 100 * a / b : 0 }') of the build's wall time; $(per1000 "${vramlint_s:-0}") ms per 1,000 files"
echo "Meziantou.Analyzer: ${mez_total:-?} s in all ($(per1000 "${mez_total:-0}") ms per 1,000 files) over $rules analyzers (rules) that ran:"
awk -F'\t' -v n="$files" '{ v[NR] = $1 } END {
    if (NR == 0) exit
    printf "  per rule, ms per 1,000 files: cheapest %.2f, median %.2f, most expensive %.2f; %d rules under the report resolution (1 ms a build)\n",
      v[1] * 1e6 / n, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) * 1e6 / n, v[NR] * 1e6 / n, zero }
  $1 < 0.001 { zero++ }' "$BENCH_TMP/meziantou-rules.tsv"
echo "  the 5 most expensive rules (median s a build, analyzer):"
sort -gr "$BENCH_TMP/meziantou-rules.tsv" | awk 'NR <= 5 { print "    " $0 }'
# Rule sets: Meziantou's README lists each rule's category (Design, Naming, Performance, Security, Style, Usage); an
# analyzer counts in the category of its first rule. The cheapest set is the goal's yardstick.
readme=""
for folder in "$BENCH_TMP/packages" "$(cd "$BENCH_TMP" && dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"; do
  [ -f "$folder/meziantou.analyzer/$meziantou/README.md" ] && { readme="$folder/meziantou.analyzer/$meziantou/README.md"; break; }
done
if [ -n "$readme" ]; then
  sed -n 's/^|\[\(MA[0-9]*\)\]([^)]*)|\([A-Za-z]*\)|.*/\1\t\2/p' "$readme" >"$BENCH_TMP/meziantou-categories.tsv"
  echo "  per rule set (category), ms per 1,000 files (VramLint: $(per1000 "${vramlint_s:-0}")):"
  awk -F'\t' -v n="$files" 'NR == FNR { category[$1] = $2; next }
      match($2, /\(MA[0-9]+/) { c = category[substr($2, RSTART + 1, RLENGTH - 1)]; if (c == "") c = "unlisted"; sum[c] += $1; count[c]++ }
      END { for (c in sum) printf "    %-12s %3d analyzers %9.1f\n", c, count[c], sum[c] * 1e6 / n }' \
    "$BENCH_TMP/meziantou-categories.tsv" "$BENCH_TMP/meziantou-rules.tsv" | sort -k4 -g
else
  echo "  (Meziantou.Analyzer's README not found in the package folders: no per-category figures)"
fi
awk -F'\t' -v v="${vramlint_s:-0}" '$1 >= v { more++ } END { printf "  Meziantou rules costing at least as much as VramLint: %d of %d\n", more, NR }' "$BENCH_TMP/meziantou-rules.tsv"
echo "(VramLint's analyzers: $(per_analyzer "$BENCH_TMP/vramlint-report.tsv" VramLint.Analyzers | awk -F'\t' '$2 != "(all)" { printf "%s%s %ss", sep, $2, $1; sep = "; " }'))"
