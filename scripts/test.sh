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
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  echo "test: installing Debian's docker-compose (it validates docker/compose.yaml; no Docker engine needed)" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq docker-compose >/dev/null
fi
scripts/fetch-media.sh all
./mvnw -B -ntp verify "$@"
# The launcher as a user runs it, from the jars that verify packaged: the Maven tests run on their
# own class path, so only this proves that ./inbetween starts and does a job.
if [ $# -eq 0 ]; then
  echo "test: launcher smoke test (./inbetween upscale, 1 s clip, blend)" >&2
  smoke="$(mktemp -d)"
  trap 'rm -rf "$smoke"' EXIT
  ffmpeg -v error -nostdin -y -i data/media/videos/mecavideo-Force_constante.avi -t 1 -c:v libx264 -preset ultrafast "$smoke/in.mp4"
  INBETWEEN_NO_BUILD=1 ./inbetween --version
  INBETWEEN_NO_BUILD=1 ./inbetween upscale "$smoke/in.mp4" -o "$smoke/out.mp4" --synthesizer blend --preset ultrafast
  frames="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$smoke/out.mp4")"
  [ "$frames" -ge 40 ] || { echo "test: launcher smoke test wrote $frames frames, expected 2x of 1 s" >&2; exit 1; }
  # The launcher's own heap and native settings at the largest size they are sized for: 1080p with
  # the model (JavaCPP's native limit once stopped the encoder here, which no in-JVM test saw).
  ffmpeg -v error -nostdin -y -i data/media/videos/mecavideo-balle-jbart.mp4 -frames:v 6 -vf scale=1920:1080 -an -c:v libx264 -preset ultrafast "$smoke/hd.mp4"
  INBETWEEN_NO_BUILD=1 ./inbetween upscale "$smoke/hd.mp4" -o "$smoke/hd-out.mp4" --preset ultrafast
  hd="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames,width -of csv=p=0 "$smoke/hd-out.mp4")"
  [ "$hd" = "1920,12" ] || { echo "test: launcher smoke test at 1080p wrote '$hd' (width,frames), expected 1920,12" >&2; exit 1; }
  echo "test: launcher smoke test passed ($frames frames; 1080p with CRVD: 12 frames)" >&2
  # docker/ and k8s/ against their schemas, and each image's class path
  scripts/validate-deploy.sh
fi
