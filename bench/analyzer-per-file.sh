#!/usr/bin/env bash
# The analyzer's cost per file against Meziantou.Analyzer's rule sets, to the microsecond: the ReportAnalyzer table of a
# build (analyzer-share.sh) rounds to 1 ms a build, below which most of Meziantou's analyzers fall. Both packages' analyzer
# folders run in-process in the SDK's own compiler assemblies (bench/analyzer-cost), one analyzer set at a time on one
# thread (beside an empty semantic-model action: the driver's own cost of a per-file action; each compilation's
# declarations done first, as a build does), over two generated projects holding the same D deployments: N1 files and N2
# files. The driver's clock gives each analyzer's time for a cold first run and RUNS warm runs (median). Per 1,000 files
# at N1, and per added file: the difference between N2 and N1 over the files added, where only ordinary files were added
# (a project's fixed cost, such as its deployments' checks, cancels out).
# Usage: bash bench/analyzer-per-file.sh [N1] [N2]   (default 2000 10000; D = N1 / 100)
#   Env: MEZIANTOU_VERSION (default 3.0.341), RUNS (default 5)
. "$(dirname "$0")/lib.sh"
small="${1:-2000}"
large="${2:-10000}"
deployments=$(( (small + 99) / 100 ))
meziantou="${MEZIANTOU_VERSION:-3.0.341}"
scratch
machine

# VramLint's analyzer folder as the compiler loads it on this machine (the package's ReadyToRun copies for linux-x64 with
# .NET 10, else the IL ones), and Meziantou's for the newest Roslyn not newer than the SDK's.
version="$(pack_vramlint "$BENCH_TMP/feed")"
need unzip unzip
unzip -q -o "$BENCH_TMP/feed/VramLint.$version.nupkg" 'analyzers/*' -d "$BENCH_TMP/vramlint-package"
unzip -q -o "$BENCH_TMP/feed/VramLint.$version.nupkg" 'readytorun/*' -d "$BENCH_TMP/vramlint-package" 2>/dev/null || true # absent when packed IL-only
vramlint_folder="$(ls -d "$BENCH_TMP/vramlint-package/readytorun/net"*/linux-x64 2>/dev/null | tail -1)"
[ -n "$vramlint_folder" ] && [ "$(uname -sm)" = "Linux x86_64" ] || vramlint_folder="$BENCH_TMP/vramlint-package/analyzers/dotnet/cs"
mkdir -p "$BENCH_TMP/restore"
analyzer_project "$BENCH_TMP/restore" 1 "<PackageReference Include=\"Meziantou.Analyzer\" Version=\"$meziantou\" PrivateAssets=\"all\" />"
meziantou_root=""
for folder in "$BENCH_TMP/packages" "$(cd "$BENCH_TMP" && dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"; do
  [ -d "$folder/meziantou.analyzer/$meziantou" ] && { meziantou_root="$folder/meziantou.analyzer/$meziantou"; break; }
done
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
sdk="$dotnet_root/sdk/$(dotnet --version)"
compiler="$(dotnet "$sdk/Roslyn/bincore/csc.dll" -version | sed 's/^\([0-9]*\.[0-9]*\).*/\1/')"
meziantou_folder="$(ls -d "$meziantou_root"/analyzers/dotnet/roslyn*/cs | sed 's#.*/roslyn\([0-9.]*\)/cs$#\1 &#' \
  | awk -v c="$compiler" '{ split($1, v, "."); split(c, w, "."); if (v[1] < w[1] || (v[1] == w[1] && v[2] <= w[2])) print }' \
  | sort -V | tail -1 | cut -d' ' -f2)"
references="$(ls -d "$dotnet_root"/packs/Microsoft.NETCore.App.Ref/*/ref/net* | sort -V | tail -1)"
echo "VramLint $version: $vramlint_folder"
echo "Meziantou.Analyzer $meziantou: $meziantou_folder (compiler $compiler); references: $references"

gen_csharp "$BENCH_TMP/small" "$small" "$deployments"
gen_csharp "$BENCH_TMP/large" "$large" "$deployments"
printf 'is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n' >"$BENCH_TMP/.globalconfig"
dotnet build "$bench_root/bench/analyzer-cost/AnalyzerCost.csproj" -c Release -o "$BENCH_TMP/harness" --artifacts-path "$BENCH_TMP/harness-build" \
  -nologo -v:q -clp:NoSummary >&2
dotnet "$BENCH_TMP/harness/AnalyzerCost.dll" --references "$references" --globalconfig "$BENCH_TMP/.globalconfig" --runs "${RUNS:-5}" \
  --set vramlint="$vramlint_folder" --set meziantou="$meziantou_folder" --floor semantic-model \
  --sources "$BENCH_TMP/small" --sources "$BENCH_TMP/large" >"$BENCH_TMP/times.tsv"

# Each analyzer's rule set: VramLint's one analyzer is its own; a Meziantou analyzer counts in the category the README
# gives its first rule, as in analyzer-share.sh.
sed -n 's/^|\[\(MA[0-9]*\)\]([^)]*)|\([A-Za-z]*\)|.*/\1\t\2/p' "$meziantou_root/README.md" >"$BENCH_TMP/categories.tsv"
echo
echo "Analyzer time by rule set, ms (cold: the first run in the process; warm: the median of ${RUNS:-5} runs):"
awk -F'\t' -v small="$small" -v large="$large" '
  NR == FNR { category[$1] = $2; next }
  { if ($2 == "vramlint") add("VramLint")
    else if ($2 == "floor") add("(an empty semantic-model action)")
    else { add("Meziantou " ($4 in category ? category[$4] : "(unlisted)")); add("Meziantou, all") } }
  function add(k) { warm[k, $1] += $6; cold[k, $1] += $5; if ($1 == small) count[k]++; keys[k] = 1 }
  END {
    printf "%-22s %9s %10s %10s %10s %16s %16s\n", "rule set", "analyzers", "cold " small, "warm " small, "warm " large, "per 1,000 files", "per added file"
    for (k in keys) order[++n] = k
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (order[j] < order[i]) { t = order[i]; order[i] = order[j]; order[j] = t }
    for (i = 1; i <= n; i++) { k = order[i]
      printf "%-22s %9d %10.2f %10.2f %10.2f %13.3f ms %13.3f us\n", k, count[k], cold[k, small], warm[k, small], warm[k, large],
        warm[k, small] * 1000 / small, (warm[k, large] - warm[k, small]) * 1000 / (large - small) } }
' "$BENCH_TMP/categories.tsv" "$BENCH_TMP/times.tsv"
echo "(per 1,000 files: the warm time of the $small-file project, which holds $deployments deployments; per added file: the warm time's"
echo " growth from $small to $large files, all the added files ordinary classes, over the $((large - small)) files added)"
