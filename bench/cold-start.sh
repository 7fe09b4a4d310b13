#!/usr/bin/env bash
# Start-up: vramlint estimate (one deployment from the command line) and vramlint check of one small file, as the
# VramLint.Tool package runs them (ReadyToRun, JIT) and as the NativeAOT executable of VramLint.Tool.Native runs them,
# against an empty .NET console app published the same way as the tool and python3 -c pass, interleaved.
# Usage: bash bench/cold-start.sh   (NATIVE=0 leaves the NativeAOT executable out: no clang needed)
. "$(dirname "$0")/lib.sh"
need python3 python3-minimal
scratch
machine
cli="$(vramlint_cli)"
dotnet new console -o "$BENCH_TMP/empty" -n Empty --force >/dev/null
dotnet publish "$BENCH_TMP/empty/Empty.csproj" -c Release -o "$BENCH_TMP/empty/out" -nologo -v:q -clp:NoSummary >&2
gen_yaml "$BENCH_TMP/one" 3   # the third file (a Kubernetes Deployment) is the one checked
commands=()
if [ "${NATIVE:-1}" != 0 ]; then
  native="$(vramlint_native)"
  native_estimate=("$native" estimate --gpu L4 --gpu-count 1 -- vllm serve "$model" --max-model-len 8192)
  native_check_one=("$native" check "$BENCH_TMP/one/deployment-2.yaml")
  commands=("vramlint estimate (NativeAOT)" native_estimate "vramlint check one (NativeAOT)" native_check_one)
fi
cd "$BENCH_TMP"

estimate=("$cli" estimate --gpu L4 --gpu-count 1 -- vllm serve "$model" --max-model-len 8192)
check_one=("$cli" check "$BENCH_TMP/one/deployment-2.yaml")
empty_dotnet=("$BENCH_TMP/empty/out/Empty")
python_pass=(python3 -c pass)
echo "vramlint estimate says: $("${estimate[@]}" 2>&1 | head -n 1)"
[ -z "${native:-}" ] || echo "the NativeAOT vramlint estimate says: $("${native_estimate[@]}" 2>&1 | head -n 1)"
compare "empty .NET console app" empty_dotnet "vramlint estimate" estimate "vramlint check (one file)" check_one \
  "${commands[@]}" "python3 -c pass" python_pass
echo "(ratios are to the empty .NET console app: the goal is estimate and check of one file <= 1.50x)"
