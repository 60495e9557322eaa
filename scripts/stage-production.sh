#!/usr/bin/env bash
# Lays out the bot as it runs in production, in OUTPUT_FOLDER: the compiled dist/ with the trained
# model and the browser files it serves (dist/vendor), the content it loads (data/, intents/, public/),
# package.json and package-lock.json, and the
# production dependencies only (npm ci --omit=dev, from npm's cache when it has them). The Dockerfile's
# runtime stage holds the same files (test/production.test.ts checks both); `npm run package:zip`
# zips this folder for App Service. Start it with `node dist/index.js` (see start:prod in package.json).
set -euo pipefail
out="${1:?usage: scripts/stage-production.sh OUTPUT_FOLDER}"
cd "$(dirname "$0")/.."
# What the runtime needs besides node_modules (the Dockerfile copies the same list).
content=(package.json package-lock.json data intents public)

rm -rf "$out"
mkdir -p "$out"
cp -R "${content[@]}" "$out"/
npx tsc -p tsconfig.build.json --outDir "$out/dist"
# Web Chat's and the design system's browser files, from this checkout's (development) packages.
npx tsx src/copyVendor.ts "$out/dist/vendor"
(cd "$out" && npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error)
# Trained with the production install itself: what it loads at start-up is what was checked here.
node --disable-warning=DEP0111 "$out/dist/buildModel.js"
