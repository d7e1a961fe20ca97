#!/usr/bin/env bash
# n8n's official lint gates for this package:
#
#   bash tools/lint/run.sh [package-dir]     (default: the repo root)
#
# 1. n8n-node lint (@n8n/node-cli): strict-mode check of eslint.config.mjs plus
#    ESLint with the template config, over package.json + nodes/ + credentials/.
# 2. @n8n/scan-community-package rules (inline config off) over the sources.
# 3. The same scanner rules over the packed tarball (npm run build; npm pack).
# 4. What the scanner needs from package.json to find the provenance-attested
#    source (tools/lint/provenance.mjs).
# Any error or warning in any step makes the script exit non-zero.
set -euo pipefail

LINT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$LINT_DIR/../.." && pwd)"
PKG_DIR="$(cd "${1:-$REPO_DIR}" && pwd)"
WORK="$LINT_DIR/.work" # scratch space inside the repo, so Node resolves the root node_modules
export PATH="$REPO_DIR/node_modules/.bin:$PATH"

rm -rf "$WORK"
mkdir -p "$WORK/src" "$WORK/tarball" "$WORK/tmp"
fail=0
summary=()
# The scanner module makes a temp dir on import and never removes it; keep it in .work.
scan() { TMPDIR="$WORK/tmp" node "$LINT_DIR/scan.mjs" "$@"; }

# --- 1. n8n-node lint lints "." of the cwd, and in strict mode compares
# ./eslint.config.mjs with its template. Run in place it would also lint
# test/ and tools/, which never ship and are not node code, so we stage
# exactly what the scanner calls "what n8n-node lint covers" (package.json,
# nodes/, credentials/) plus the unmodified eslint.config.mjs and tsconfig.
for f in package.json eslint.config.mjs tsconfig.json nodes credentials; do
	if [ -e "$PKG_DIR/$f" ]; then cp -R "$PKG_DIR/$f" "$WORK/src/"; fi
done
echo "== n8n-node lint ($(n8n-node --version 2>/dev/null | head -1)) on package.json, nodes/, credentials/"
set +e
(cd "$WORK/src" && n8n-node lint) >"$WORK/n8n-node-lint.log" 2>&1
rc=$?
set -e
# Paths in ESLint output are under the staging dir; show them repo-relative.
sed -e "s#$WORK/src/##g" -e "s/\x1b\[[0-9;]*m//g" "$WORK/n8n-node-lint.log"
# ESLint prints "✖ N problems (E errors, W warnings)" only when something was found.
counts="$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/n8n-node-lint.log" | grep -Eo '[0-9]+ errors?, [0-9]+ warnings?' | tail -1 || true)"
counts="${counts:-0 errors, 0 warnings}"
if grep -q 'Strict mode violation' "$WORK/n8n-node-lint.log"; then counts="STRICT MODE VIOLATION (eslint.config.mjs)"; fi
if [ $rc -ne 0 ] || [ "$counts" != "0 errors, 0 warnings" ]; then fail=1; fi
nfiles=$(cd "$WORK/src" && find package.json nodes credentials -name '*.ts' -o -name package.json 2>/dev/null | wc -l)
summary+=("n8n-node lint [template eslint config, strict mode] $nfiles files (package.json, **/*.ts): $counts, exit $rc")

# --- 2. Scanner rules over the sources, exactly as the scanner lints the
# provenance-attested GitHub checkout (it globs its own files, so in place).
echo "== @n8n/scan-community-package rules on sources"
set +e
scan source "$PKG_DIR" | tee "$WORK/scan-source.log"
rc=${PIPESTATUS[0]}
set -e
[ $rc -eq 0 ] || fail=1
summary+=("$(tail -1 "$WORK/scan-source.log")")

# --- 3. Scanner rules over the tarball users install: build, pack (scripts
# off: nothing but the build should shape dist/), extract like the scanner.
echo "== @n8n/scan-community-package rules on the packed tarball"
(cd "$PKG_DIR" && npm run build --silent)
tgz="$(cd "$PKG_DIR" && npm pack --ignore-scripts --silent --pack-destination "$WORK" | tail -1)"
tar -xzf "$WORK/$tgz" -C "$WORK/tarball" --strip-components=1
set +e
scan tarball "$WORK/tarball" | tee "$WORK/scan-tarball.log"
rc=${PIPESTATUS[0]}
set -e
[ $rc -eq 0 ] || fail=1
summary+=("$(tail -1 "$WORK/scan-tarball.log") [$tgz]")

# --- 4. The package.json fields the scanner's provenance leg relies on.
echo "== provenance prerequisites in package.json"
set +e
node "$LINT_DIR/provenance.mjs" "$PKG_DIR" | tee "$WORK/provenance.log"
rc=${PIPESTATUS[0]}
set -e
[ $rc -eq 0 ] || fail=1
summary+=("$(tail -1 "$WORK/provenance.log")")

echo "== lint summary"
printf '  %s\n' "${summary[@]}"
if [ $fail -ne 0 ]; then
	echo "lint: FAILED (official n8n rules report findings above)"
	exit 1
fi
echo "lint: OK (0 errors, 0 warnings)"
