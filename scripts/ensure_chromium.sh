#!/usr/bin/env bash
# Headless Chromium for the browser test of the HTML brief (Debian's package).
# Installs it when missing and this user can (root with apt-get); otherwise says how, and
# the browser test skips (outside CI) or fails (in CI, where CI=true).
set -u
for name in chromium chromium-browser; do
  if command -v "$name" >/dev/null 2>&1; then
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the HTML browser test..."
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit $?
fi
echo "note: chromium is not installed; the browser test will be skipped (apt-get install chromium)"
exit 0
