#!/usr/bin/env bash
# The Zapier app's CI: install from its own lockfile, build (app + shared
# mapping into lib/), type-check the tests, run them against the local sandbox,
# and validate the app's schema offline on Node 24. Called from .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
npm run build
npx tsc -p test/tsconfig.json
npm test -- --ci
npm run validate
