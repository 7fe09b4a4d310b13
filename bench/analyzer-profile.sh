#!/usr/bin/env bash
# Where the analyzer's time goes, in-process (tests/VramLint.Benchmarks --profile-analyzer): the generated project's
# analyzer run once cold (the first run in a fresh process: loading, JIT, one-time set-up) and then warm, with the time
# the driver counts for the analyzer's callbacks (what ReportAnalyzer reports), the methods the JIT compiled (by
# namespace, from the runtime's JIT events: the same from run to run) and the bytes allocated. With OLD_REF, the analyzer
# of that commit is built in a temporary worktree and profiled in the same harness, in turn with this checkout's.
#   bash bench/analyzer-profile.sh [N] [OLD_REF]      e.g. N=1 (one file, one deployment: the fixed cost), OLD_REF=075d828^
# PHASES=1 also times the one-time pieces one by one (KnownSymbols, the pre-check over N files, catalog, flag table,
# a first check). R2R=1 also profiles this checkout's analyzer compiled ReadyToRun (crossgen2 from the SDK's package
# cache), to show what the JIT costs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
files="${1:-1}"
old_ref="${2:-}"
scratch
machine

dotnet build "$bench_root/tests/VramLint.Benchmarks" -c Release -nologo -v:q -clp:NoSummary >&2
bin="$bench_root/tests/VramLint.Benchmarks/bin/Release/net10.0"
# The compiler runs analyzers with the tiered JIT on (the benchmarks turn it off for their short runs).
sed 's/"System.Runtime.TieredCompilation": false/"System.Runtime.TieredCompilation": true/' "$bin/VramLint.Benchmarks.runtimeconfig.json" >"$BENCH_TMP/tiered.json"

variants=(new)
if [ -n "$old_ref" ]; then
  git -C "$bench_root" worktree add --detach -q "$BENCH_TMP/old-tree" "$old_ref"
  trap 'git -C "$bench_root" worktree remove --force "$BENCH_TMP/old-tree" >/dev/null 2>&1 || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_TMP"' EXIT
  dotnet build "$BENCH_TMP/old-tree/src/VramLint.Analyzers" -c Release -o "$BENCH_TMP/old" -nologo -v:q -clp:NoSummary >&2
  variants=(old new)
fi
if [ "${R2R:-0}" = 1 ]; then
  crossgen="$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/microsoft.netcore.app.crossgen2.linux-x64/*/tools/crossgen2 | sort -V | tail -1)"
  framework="$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2; p = $3 } END { gsub(/[\[\]]/, "", p); print p "/" v }')"
  mkdir -p "$BENCH_TMP/r2r"
  for assembly in VramLint.Analyzers VramLint.Core VramLint.Yaml; do
    "$crossgen" "$bin/$assembly.dll" -o "$BENCH_TMP/r2r/$assembly.dll" -r "$framework/*.dll" -r "$bin/*.dll" --targetos linux --targetarch x64 -O >/dev/null
  done
  cp "$bin/YamlDotNet.dll" "$BENCH_TMP/r2r/"
  variants+=(r2r)
fi

for round in $(seq 1 "${RUNS:-3}"); do
  for variant in "${variants[@]}"; do
    folder=""; [ "$variant" = new ] || folder="$BENCH_TMP/$variant"
    phases=""; [ "${PHASES:-0}" = 1 ] && [ "$variant" = new ] && phases="--phases"
    echo "== round $round: $variant${old_ref:+ (old = $old_ref)}"
    # shellcheck disable=SC2086
    dotnet exec --runtimeconfig "$BENCH_TMP/tiered.json" "$bin/VramLint.Benchmarks.dll" --profile-analyzer "$files" $folder $phases | grep -v "roslyn warm-up"
  done
done
