# Shared by the bench/ scripts (source it): tools, the interleaved timer, and the generated inputs.
# Needs bash 4.3+, the .NET SDK, and Debian packages it installs when missing (time, yamllint, python3).
set -euo pipefail

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
RUNS="${RUNS:-5}"

# need COMMAND DEBIAN-PACKAGE: install the package when the command is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $2 (for $1)" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; fi
}
need /usr/bin/time time
need awk gawk

# A scratch folder for generated inputs, removed on exit unless KEEP=1 (never inside the repository).
scratch() {
  BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/vramlint-bench.XXXXXX")"
  if [ "${KEEP:-0}" = 1 ]; then echo "inputs kept in $BENCH_TMP" >&2; else trap 'rm -rf "$BENCH_TMP"' EXIT; fi
}

machine() {
  echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), .NET SDK $(dotnet --version)"
}

# timed OUT CMD...: one run of CMD (stdout and stderr discarded), "wall user sys maxrss_kb exit" appended to OUT.
timed() {
  local out="$1"; shift
  local one; one="$(mktemp)"
  local code=0
  /usr/bin/time -f '%e %U %S %M %x' -o "$one" "$@" >/dev/null 2>&1 || code=$?
  # time writes "Command exited with non-zero status N" first when the command failed: keep the figures line.
  tail -n 1 "$one" >>"$out"
  rm -f "$one"
}

# compare LABEL_A ARRAY_A LABEL_B ARRAY_B [LABEL_C ARRAY_C ...]: one warm-up each, then RUNS rounds, each running
# A, B, C... in turn (interleaved, so a machine that slows down slows all alike). Prints per command the median wall
# time, CPU time (user + sys) and peak memory, and the median of each round's ratio to A (wall and CPU).
# The figures of each run are left in $BENCH_TMP/compare-N.tsv.
compare() {
  local labels=() arrays=()
  while [ $# -gt 0 ]; do labels+=("$1"); arrays+=("$2"); shift 2; done
  local n=${#labels[@]} i r
  local dir; dir="$(mktemp -d "$BENCH_TMP/compare.XXXX")"
  for ((i = 0; i < n; i++)); do
    local -n cmd="${arrays[$i]}"
    timed "$dir/warmup" "${cmd[@]}"
    unset -n cmd
  done
  for ((r = 0; r < RUNS; r++)); do
    for ((i = 0; i < n; i++)); do
      local -n cmd="${arrays[$i]}"
      timed "$dir/$i" "${cmd[@]}"
      unset -n cmd
    done
  done
  printf '%-34s %10s %10s %10s %12s %12s %6s\n' "command ($RUNS runs, interleaved)" "wall" "cpu" "peak MB" "wall / A" "cpu / A" "exit"
  for ((i = 0; i < n; i++)); do
    paste "$dir/0" "$dir/$i" | awk -v label="${labels[$i]}" -v first="$i" '
      function median(a, k,   m, j, t, s) { # insertion sort of a[1..k], then the middle
        for (m = 2; m <= k; m++) { t = a[m]; for (j = m - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
      { k++; w[k] = $6; c[k] = $7 + $8; m[k] = $9 / 1024; x = $10
        rw[k] = $1 > 0 ? $6 / $1 : 0; rc[k] = ($2 + $3) > 0 ? ($7 + $8) / ($2 + $3) : 0 }
      END { printf "%-34s %9.3fs %9.3fs %10.1f %12s %12s %6s\n", label, median(w, k), median(c, k), median(m, k),
              first == 0 ? "A" : sprintf("%.2fx", median(rw, k)), first == 0 ? "A" : sprintf("%.2fx", median(rc, k)), x }'
  done
  for ((i = 0; i < n; i++)); do cp "$dir/$i" "$BENCH_TMP/compare-$i.tsv"; done
}

# median_of FILE COLUMN: the median of a column of numbers.
median_of() {
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The vramlint CLI as users get it: the VramLint.Tool package packed from this checkout (ReadyToRun for linux-x64, as
# released) and installed with dotnet tool install into $BENCH_TMP/tool, its package kept out of the user's NuGet cache.
# VRAMLINT overrides it; TOOL_PACK_ARGS adds pack options (-p:VramLintReadyToRunRid= packs the IL-only assemblies).
vramlint_cli() {
  if [ -n "${VRAMLINT:-}" ]; then echo "$VRAMLINT"; return; fi
  local version; version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
  # shellcheck disable=SC2086
  dotnet pack "$bench_root/src/VramLint.Cli/VramLint.Cli.csproj" -c Release -o "$BENCH_TMP/tool-feed" -p:Version="$version" ${TOOL_PACK_ARGS:-} -nologo -v:q -clp:NoSummary >&2
  NUGET_PACKAGES="$BENCH_TMP/tool-packages" dotnet tool install --tool-path "$BENCH_TMP/tool" VramLint.Tool --version "$version" --add-source "$BENCH_TMP/tool-feed" >&2
  echo "$BENCH_TMP/tool/vramlint"
}

# The vramlint CLI compiled NativeAOT for linux-x64 (dotnet publish -p:VramLintNativeAot=true, into $BENCH_TMP/native):
# the same executable VramLint.Tool.Native installs (dotnet tool install links the command to it). Needs clang and
# zlib1g-dev, installed when missing. VRAMLINT_NATIVE overrides it.
vramlint_native() {
  if [ -n "${VRAMLINT_NATIVE:-}" ]; then echo "$VRAMLINT_NATIVE"; return; fi
  need clang clang
  [ -f /usr/include/zlib.h ] || need /usr/include/zlib.h zlib1g-dev
  dotnet publish "$bench_root/src/VramLint.Cli/VramLint.Cli.csproj" -c Release -f net10.0 -r linux-x64 -p:VramLintNativeAot=true \
    --artifacts-path "$BENCH_TMP/native-build" -o "$BENCH_TMP/native" -nologo -v:q -clp:NoSummary >&2
  echo "$BENCH_TMP/native/vramlint"
}

model="meta-llama/Llama-3.1-8B-Instruct"

# The max-model-len of deployment i: 131072 (even i) does not fit an 8B model on one L4, 8192 + i (odd i) does.
length_of() { if (( $1 % 2 == 0 )); then echo 131072; else echo $((8192 + $1)); fi; }

# gen_yaml DIR N: N deployment files, one deployment each, the five shapes in turn (vLLM config, compose, Kubernetes
# Deployment, Helm values, KServe), and a .globalconfig declaring one L4 per deployment.
gen_yaml() {
  local dir="$1" count="$2" i len
  mkdir -p "$dir"
  printf 'is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n' >"$dir/.globalconfig"
  for ((i = 0; i < count; i++)); do
    len=$(length_of "$i")
    case $((i % 5)) in
      0) printf 'model: %s\nmax-model-len: %s\ntensor-parallel-size: 1\ngpu-memory-utilization: 0.9\nserved-model-name: llama-%s\n' \
           "$model" "$len" "$i" >"$dir/vllm-config-$i.yaml" ;;
      1) printf 'services:\n  vllm-%s:\n    image: vllm/vllm-openai:v0.10.1\n    ipc: host\n    ports: ["8000:8000"]\n    command: ["--model", "%s", "--max-model-len", "%s"]\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n' \
           "$i" "$model" "$len" >"$dir/compose-$i.yaml" ;;
      2) printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm-%s\n  labels: {app: vllm-%s}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: vllm-%s}\n  template:\n    metadata:\n      labels: {app: vllm-%s}\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.10.1\n          command: ["vllm", "serve"]\n          args: ["%s", "--max-model-len", "%s", "--gpu-memory-utilization", "0.9"]\n          ports:\n            - containerPort: 8000\n          resources:\n            limits:\n              nvidia.com/gpu: 1\n' \
           "$i" "$i" "$i" "$i" "$model" "$len" >"$dir/deployment-$i.yaml" ;;
      3) mkdir -p "$dir/chart-$i"
         printf 'replicaCount: 1\nvllm:\n  model: %s\n  maxModelLen: %s\n  gpuMemoryUtilization: 0.9\n  tensorParallelSize: 1\nresources:\n  limits:\n    nvidia.com/gpu: 1\n' \
           "$model" "$len" >"$dir/chart-$i/values.yaml" ;;
      4) printf 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama-%s\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: huggingface\n      args:\n        - --model_name=llama\n        - --model_id=%s\n        - --max-model-len=%s\n      resources:\n        limits:\n          nvidia.com/gpu: "1"\n' \
           "$i" "$model" "$len" >"$dir/kserve-$i.yaml" ;;
    esac
  done
}

# pack_vramlint FEED: packs VramLint from this checkout into FEED with a fresh version (as samples/build.sh does); prints it.
pack_vramlint() {
  local feed="$1" version; version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
  mkdir -p "$feed"
  dotnet pack "$bench_root/src/VramLint.Package/VramLint.Package.csproj" -c Release -o "$feed" -p:Version="$version" -nologo -v:q -clp:NoSummary >&2
  echo "$version"
}

# nuget_config DIR FEED: a nuget.config in DIR taking VramLint only from FEED, everything else from this machine's
# sources, packages into a private folder (so VramLint never lands in the user's NuGet cache).
nuget_config() {
  local dir="$1" feed="$2" upstream user_packages name
  upstream="$(cd "$BENCH_TMP" && dotnet nuget list source --format detailed | sed -n 's/^ *[0-9][0-9]*\. *\(.*\) \[[^]]*\] *$/\1/p' || true)"
  user_packages="$(cd "$BENCH_TMP" && dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo "  <packageSources><add key=\"vramlint-local\" value=\"$feed\" /></packageSources>"
    echo "  <config><add key=\"globalPackagesFolder\" value=\"$BENCH_TMP/packages\" /></config>"
    [ -n "$user_packages" ] && echo "  <fallbackPackageFolders><add key=\"user-packages\" value=\"$user_packages\" /></fallbackPackageFolders>"
    echo '  <packageSourceMapping>'
    echo '    <packageSource key="vramlint-local"><package pattern="VramLint" /><package pattern="VramLint.*" /></packageSource>'
    while IFS= read -r name; do
      [ -n "$name" ] || continue
      echo "    <packageSource key=\"$name\"><package pattern=\"*\" /></packageSource>"
    done <<<"$upstream"
    echo '  </packageSourceMapping>'
    echo '</configuration>'
  } >"$dir/nuget.config"
}

# gen_csharp DIR N [D]: a class library of N files; one file in a hundred starts a vLLM deployment (ProcessStartInfo with
# an argument list, the length of deployment index/100), the others are ordinary classes. With D, only the first D such
# files do (so projects of different sizes hold the same deployments).
gen_csharp() {
  local dir="$1" count="$2" deployments="${3:-$(( ($2 + 99) / 100 ))}" i
  mkdir -p "$dir/src"
  for ((i = 0; i < count; i++)); do
    if (( i % 100 == 0 && i / 100 < deployments )); then
      printf 'using System.Diagnostics;\n\nnamespace Generated;\n\npublic static class Launcher%s\n{\n    public static Process? Start()\n    {\n        var info = new ProcessStartInfo("vllm");\n        info.ArgumentList.Add("serve");\n        info.ArgumentList.Add("%s");\n        info.ArgumentList.Add("--max-model-len");\n        info.ArgumentList.Add("%s");\n        return Process.Start(info);\n    }\n}\n' \
        "$i" "$model" "$(length_of $((i / 100)))" >"$dir/src/Launcher$i.cs"
    else
      printf 'using System;\nusing System.Collections.Generic;\nusing System.Linq;\n\nnamespace Generated;\n\npublic sealed class Order%s\n{\n    private readonly List<decimal> lines = new();\n\n    public string Customer { get; init; } = "customer %s";\n\n    public void Add(decimal amount)\n    {\n        if (amount < 0)\n        {\n            throw new ArgumentOutOfRangeException(nameof(amount), amount, "a line is never negative");\n        }\n\n        lines.Add(amount);\n    }\n\n    public decimal Total => lines.Sum();\n\n    public override string ToString() => $"{Customer}: {lines.Count} lines, {Total:0.00}";\n}\n' \
        "$i" "$i" >"$dir/src/Order$i.cs"
    fi
  done
}

# analyzer_project DIR N REFERENCE: a generated project of N C# files in DIR (gen_csharp) referencing one analyzer
# package (REFERENCE: a <PackageReference/> element), with the seed's GPUs declared and VRAM001 a warning so the build
# completes; restored, ready for `dotnet build --no-restore`.
analyzer_project() {
  local dir="$1" files="$2" reference="$3"
  gen_csharp "$dir" "$files"
  nuget_config "$dir" "$BENCH_TMP/feed"
  printf 'is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\ndotnet_diagnostic.VRAM001.severity = warning\n' >"$dir/.globalconfig"
  cat >"$dir/Generated.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <UseSharedCompilation>false</UseSharedCompilation>
  </PropertyGroup>
  <ItemGroup>$reference</ItemGroup>
</Project>
PROJ
  dotnet restore "$dir/Generated.csproj" -nologo -v:q >&2
}
