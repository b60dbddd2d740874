#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image. The workbook is in /autograder/source.
set -euo pipefail
NODE_VERSION=20.19.5
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils redis-server
curl -fsSL "https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz" | tar -xJ -C /usr/local --strip-components=1
npm install -g pnpm@12
cd /autograder/source
pnpm install --frozen-lockfile
