#!/usr/bin/env bash
# The web app's CI, run from the repository root: bash web/ci.sh
# Chromium (Debian's), npm ci from the lockfile, generated code current,
# type check, lint, unit tests, the committed build current, then the
# end-to-end tests against the real Go server. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
step() { printf '\n== web: %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step chromium
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version

step "npm ci"
npm ci --no-audit --no-fund

step "codegen is current"
npm run --silent codegen >/dev/null
git diff --exit-code -- src/ || { echo 'web: generated GraphQL types are stale: run npm run codegen in web/ and commit' >&2; exit 1; }
if [ -n "$(git ls-files --others --exclude-standard -- src/)" ]; then
  git ls-files --others --exclude-standard -- src/ >&2
  echo 'web: codegen wrote files that are not committed' >&2
  exit 1
fi

step typecheck
npm run --silent typecheck

step lint
npm run --silent lint

step "unit tests"
npm test

step "build is current"
npm run --silent build
git diff --exit-code --stat -- dist || { echo 'web: web/dist is stale: run npm run build in web/ and commit dist' >&2; exit 1; }
if [ -n "$(git ls-files --others --exclude-standard -- dist)" ]; then
  git ls-files --others --exclude-standard -- dist >&2
  echo 'web: the build wrote files that are not committed in web/dist' >&2
  exit 1
fi
node scripts/size.mjs

step "end-to-end (Playwright, Chromium)"
CI=true npm run --silent e2e

step "done"
