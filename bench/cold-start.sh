#!/usr/bin/env bash
# Start-up: vramlint estimate (one deployment from the command line) and vramlint check of one small file, against an
# empty .NET console app published the same way and python3 -c pass, interleaved. Usage: bash bench/cold-start.sh
. "$(dirname "$0")/lib.sh"
need python3 python3-minimal
scratch
machine
cli="$(vramlint_cli)"
dotnet new console -o "$BENCH_TMP/empty" -n Empty --force >/dev/null
dotnet publish "$BENCH_TMP/empty/Empty.csproj" -c Release -o "$BENCH_TMP/empty/out" -nologo -v:q -clp:NoSummary >&2
gen_yaml "$BENCH_TMP/one" 3   # the third file (a Kubernetes Deployment) is the one checked
cd "$BENCH_TMP"

estimate=("$cli" estimate --gpu L4 --gpu-count 1 -- vllm serve "$model" --max-model-len 8192)
check_one=("$cli" check "$BENCH_TMP/one/deployment-2.yaml")
empty_dotnet=("$BENCH_TMP/empty/out/Empty")
python_pass=(python3 -c pass)
echo "vramlint estimate says: $("${estimate[@]}" 2>&1 | head -n 1)"
compare "vramlint estimate" estimate "vramlint check (one file)" check_one "empty .NET console app" empty_dotnet "python3 -c pass" python_pass
echo "(ratios are to vramlint estimate: the goal is estimate / empty app <= 1.5, i.e. the empty app's ratio >= 0.67x)"
