#!/usr/bin/env bash
# The browser tests run in Debian's browsers (npm's browser downloads are not used): Chromium,
# Firefox ESR, and WebKitGTK's MiniBrowser driven by WebKitWebDriver on an Xvfb display.
# As root, what is missing is installed; otherwise the exact command to install it is printed.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
{ [ -x /usr/bin/WebKitWebDriver ] && ls /usr/lib/*/webkit2gtk-4.*/MiniBrowser >/dev/null 2>&1; } || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  exit 0
fi
echo "The browser tests need ${missing[*]}. Install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
