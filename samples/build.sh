#!/usr/bin/env bash
# Builds a sample against the VramLint package packed from this repository.
#   bash samples/build.sh fitting     # the Aspire AppHost that fits: builds, at most warnings and infos
#   bash samples/build.sh oversized   # the seed's example that does not fit: the build fails with VRAM001
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
case "${1:-}" in
  fitting) project="$here/AspireAppHost/AspireAppHost.csproj" ;;
  oversized) project="$here/Oversized/Oversized.csproj" ;;
  *) echo "usage: bash samples/build.sh fitting|oversized" >&2; exit 2 ;;
esac

# A fresh version each time, so a re-packed VramLint is never taken from a cache.
version="0.1.0-local.$(date +%Y%m%d%H%M%S)"
dotnet pack "$here/../src/VramLint.Package/VramLint.Package.csproj" -c Release -o "$here/.feed" -p:Version="$version" -nologo -v:q
MSBUILDDISABLENODEREUSE=1 dotnet build "$project" -nologo -p:VramLintVersion="$version"
