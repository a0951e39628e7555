#!/usr/bin/env bash
# Vendor Phosphor icons (MIT, npm package @phosphor-icons/core) into sodocs/docfx/phosphor/.
# Usage: scripts/vendor_icons.sh gear check warning …   (names without the "ph-" prefix)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @phosphor-icons/core@2 >/dev/null && tar xzf ./*.tgz)
for name in "$@"; do
  cp "$tmp/package/assets/regular/$name.svg" sodocs/docfx/phosphor/ || echo "no such Phosphor icon: $name" >&2
done
cp "$tmp/package/LICENSE" sodocs/docfx/phosphor/LICENSE
