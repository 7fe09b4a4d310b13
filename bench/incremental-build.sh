#!/usr/bin/env bash
# The no-op incremental build (nothing changed since the last build) of one generated project with and without the
# VramLint package, interleaved; and the proof that VramLint's YAML target is skipped as up to date.
# Usage: bash bench/incremental-build.sh [FILES]   (C# files in the project, default 2,000)
. "$(dirname "$0")/lib.sh"
files="${1:-2000}"
scratch
machine
version="$(pack_vramlint "$BENCH_TMP/feed")"
for variant in with without; do
  dir="$BENCH_TMP/$variant"
  gen_csharp "$dir" "$files"
  gen_yaml "$dir/deploy" 20
  mv "$dir/deploy/.globalconfig" "$dir/.globalconfig"
  # The generated deployments do not all fit, on purpose: VRAM001 as a warning lets the build go on (nothing is skipped).
  printf 'dotnet_diagnostic.VRAM001.severity = warning\n' >>"$dir/.globalconfig"
  nuget_config "$dir" "$BENCH_TMP/feed"
  reference=""
  [ "$variant" = with ] && reference="<ItemGroup><PackageReference Include=\"VramLint\" Version=\"$version\" PrivateAssets=\"all\" /><VramLintYaml Include=\"deploy/**/*.yaml\" /></ItemGroup>"
  cat >"$dir/Generated.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  $reference
</Project>
PROJ
  dotnet build "$dir/Generated.csproj" -nologo -v:q -clp:NoSummary >"$BENCH_TMP/$variant-first.log" 2>&1 || { cat "$BENCH_TMP/$variant-first.log"; exit 1; }
done

# The proof: a no-op build with a detailed log says the YAML target was skipped because its outputs are up to date.
dotnet build "$BENCH_TMP/with/Generated.csproj" --no-restore -nologo -v:d >"$BENCH_TMP/noop-detailed.log" 2>&1
if grep -q 'Skipping target "VramLintYaml" because all output files are up-to-date' "$BENCH_TMP/noop-detailed.log"; then
  echo "no-op build: target VramLintYaml skipped (all output files are up to date)"
else
  echo "no-op build: target VramLintYaml was NOT skipped:"; grep -n 'VramLintYaml' "$BENCH_TMP/noop-detailed.log" | head -n 5
fi
grep -q 'Skipping target "CoreCompile" because all output files are up-to-date' "$BENCH_TMP/noop-detailed.log" && echo "no-op build: CoreCompile skipped (the analyzer does not run)"

with_package=(dotnet build "$BENCH_TMP/with/Generated.csproj" --no-restore -nologo -v:q)
without_package=(dotnet build "$BENCH_TMP/without/Generated.csproj" --no-restore -nologo -v:q)
compare "no-op build, with VramLint" with_package "no-op build, without" without_package
