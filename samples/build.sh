#!/usr/bin/env bash
# Builds a sample against the VramLint package packed from this repository.
#   bash samples/build.sh fitting     # the Aspire AppHost that fits: builds, at most warnings and infos
#   bash samples/build.sh oversized   # the seed's example that does not fit: the build fails with VRAM001
#   bash samples/build.sh verify      # both, checked: exits 0 when fitting builds and oversized fails with VRAM001
#
# Each run packs VramLint with a fresh version into samples/.feed and writes samples/nuget.config, which takes VramLint
# only from that feed (package source mapping) and the rest from this machine's own NuGet sources. Packages go to a
# private folder (VRAMLINT_SAMPLES_PACKAGES, default ~/.cache/vramlint/samples-packages) that is kept between runs, so
# the Aspire packages are downloaded once and VramLint never lands in, or is served stale from, the NuGet cache.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mode="${1:-}"
case "$mode" in
  fitting|oversized|verify) ;;
  *) echo "usage: bash samples/build.sh fitting|oversized|verify" >&2; exit 2 ;;
esac

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
feed="$here/.feed"
packages="${VRAMLINT_SAMPLES_PACKAGES:-${XDG_CACHE_HOME:-$HOME/.cache}/vramlint/samples-packages}"
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"

# The machine's NuGet sources and cache, read from a folder that has no nuget.config of its own.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
upstream="$(cd "$scratch" && dotnet nuget list source --format detailed | sed -n 's/^ *[0-9][0-9]*\. *\(.*\) \[[^]]*\] *$/\1/p' | grep -vx 'vramlint-local' || true)"
user_packages="$(cd "$scratch" && dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"

xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<<"$1"; }
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<!-- Written by samples/build.sh: VramLint from the feed it packs, everything else from this machine'"'"'s sources. -->'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <add key="vramlint-local" value=".feed" />'
  echo '  </packageSources>'
  echo '  <config>'
  echo "    <add key=\"globalPackagesFolder\" value=\"$(xml "$packages")\" />"
  echo '  </config>'
  if [ -n "$user_packages" ]; then
    echo '  <fallbackPackageFolders>'
    echo "    <add key=\"user-packages\" value=\"$(xml "$user_packages")\" />"
    echo '  </fallbackPackageFolders>'
  fi
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="vramlint-local">'
  echo '      <package pattern="VramLint" />'
  echo '      <package pattern="VramLint.*" />'
  echo '    </packageSource>'
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    echo "    <packageSource key=\"$(xml "$name")\">"
    echo '      <package pattern="*" />'
    echo '    </packageSource>'
  done <<<"$upstream"
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$here/nuget.config"

# Pack, keep only this version in the feed and the private packages folder, and tell the samples which version it is.
mkdir -p "$feed"
find "$feed" -maxdepth 1 -name 'VramLint.*.nupkg' -delete
rm -rf "$packages/vramlint"
dotnet pack "$here/../src/VramLint.Package/VramLint.Package.csproj" -c Release -o "$feed" -p:Version="$version" -nologo -v:q -clp:NoSummary
cat >"$feed/VramLint.version.props" <<PROPS
<Project>
  <!-- Written by samples/build.sh: the VramLint version it packed into this folder. -->
  <PropertyGroup>
    <VramLintVersion>$version</VramLintVersion>
  </PropertyGroup>
</Project>
PROPS

build() { dotnet build "$here/$1/$1.csproj" -nologo; }

case "$mode" in
  fitting) build AspireAppHost ;;
  oversized) build Oversized ;;
  verify)
    log="$scratch/build.log"
    fitting_exit=0; build AspireAppHost >"$log" 2>&1 || fitting_exit=$?
    cat "$log"
    if [ "$fitting_exit" -ne 0 ] || grep -qE ': (error|warning) VRAM[0-9]{3}:' "$log"; then
      echo "samples: FAIL: AspireAppHost should build without VramLint errors or warnings" >&2; exit 1
    fi
    oversized_exit=0; build Oversized >"$log" 2>&1 || oversized_exit=$?
    cat "$log"
    if [ "$oversized_exit" -eq 0 ] \
      || ! grep -qE 'Oversized/Program\.cs\([0-9]+,[0-9]+\): error VRAM001:' "$log" \
      || ! grep -qE 'Oversized/qwen\.yaml\([0-9]+,[0-9]+(,[0-9]+,[0-9]+)?\): error VRAM001:' "$log"; then
      echo "samples: FAIL: Oversized should fail with VRAM001 in Program.cs and qwen.yaml" >&2; exit 1
    fi
    echo "samples: AspireAppHost builds; Oversized fails with VRAM001 in Program.cs and qwen.yaml, as it should"
    ;;
esac
