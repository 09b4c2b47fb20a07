#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what the tests need (Debian's ffmpeg, used
# as an independent judge of the output), fetches the real test media, then runs the Maven build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! command -v ffprobe >/dev/null 2>&1; then
  echo "test: installing Debian's ffmpeg" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq ffmpeg >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "test: installing Debian's chromium and chromium-driver (the web page's browser test)" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi
scripts/fetch-media.sh all
./mvnw -B -ntp verify "$@"
