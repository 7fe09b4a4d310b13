#!/usr/bin/env bash
# The analyzer of an older commit against this checkout's, on the same generated project of N C# files (default 2,000):
# both packed from source, each project built with `dotnet build --no-incremental -p:ReportAnalyzer=true` in turn
# (A B A B ...), the compiler's own timing of VramLint.Analyzers read from the detailed log.
#   bash bench/analyzer-versions.sh OLD_REF [N]     e.g. OLD_REF=075d828^ (before issue 12's execution model)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
old_ref="${1:?usage: bench/analyzer-versions.sh OLD_REF [N]}"
files="${2:-2000}"
scratch
machine

new_version="$(pack_vramlint "$BENCH_TMP/feed")"
# The old commit, checked out beside this one (a worktree in the temporary folder), packed under its own version.
old_tree="$BENCH_TMP/old-tree"
git -C "$bench_root" worktree add --detach -q "$old_tree" "$old_ref"
trap 'git -C "$bench_root" worktree remove --force "$old_tree" >/dev/null 2>&1 || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_TMP"' EXIT
old_version="0.0.1-old.$(git -C "$old_tree" rev-parse --short HEAD)"
dotnet pack "$old_tree/src/VramLint.Package/VramLint.Package.csproj" -c Release -o "$BENCH_TMP/feed" -p:Version="$old_version" -nologo -v:q -clp:NoSummary >&2

for variant in old new; do
  version="$new_version"; [ "$variant" = old ] && version="$old_version"
  analyzer_project "$BENCH_TMP/$variant" "$files" "<PackageReference Include=\"VramLint\" Version=\"$version\" PrivateAssets=\"all\" />"
done

old_build=(dotnet build "$BENCH_TMP/old/Generated.csproj" --no-incremental --no-restore -nologo -v:q -p:ReportAnalyzer=true
  "-flp:logfile=$BENCH_TMP/old.log;verbosity=detailed;append=true")
new_build=(dotnet build "$BENCH_TMP/new/Generated.csproj" --no-incremental --no-restore -nologo -v:q -p:ReportAnalyzer=true
  "-flp:logfile=$BENCH_TMP/new.log;verbosity=detailed;append=true")
# This checkout's analyzer as IL too: the package swaps in its ReadyToRun copy where the SDK matches (README, Install).
il_build=(dotnet build "$BENCH_TMP/new/Generated.csproj" --no-incremental --no-restore -nologo -v:q -p:ReportAnalyzer=true -p:VramLintReadyToRun=false
  "-flp:logfile=$BENCH_TMP/il.log;verbosity=detailed;append=true")
compare "build with the analyzer of $old_ref" old_build "build with this checkout's analyzer" new_build "the same, IL only (no ReadyToRun)" il_build

# VramLint.Analyzers' total per build (the line that names the assembly in the ReportAnalyzer table), warm-up dropped.
analyzer_seconds() {
  awk '/Total analyzer execution time/ { run++ } /VramLint.Analyzers, Version=/ { s = $1; sub(/^</, "", s); if (run > 1) print s }' "$1" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR }'
}
read -r old_s old_n < <(analyzer_seconds "$BENCH_TMP/old.log")
read -r new_s new_n < <(analyzer_seconds "$BENCH_TMP/new.log")
read -r il_s il_n < <(analyzer_seconds "$BENCH_TMP/il.log")
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
echo
echo "VramLint.Analyzers on $files files, median of the compiler's ReportAnalyzer times:"
echo "  $old_ref: ${old_s:-?} s ($old_n builds); this checkout: ${new_s:-?} s ($new_n builds); new / old = $(ratio "$new_s" "$old_s")"
echo "  this checkout as IL only: ${il_s:-?} s ($il_n builds); IL / old = $(ratio "$il_s" "$old_s")"
grep -q "readytorun/" "$BENCH_TMP/new.log" && echo "  (the new build ran the package's ReadyToRun copy)" || echo "  (no ReadyToRun copy for this SDK: the new build ran the IL analyzer)"
