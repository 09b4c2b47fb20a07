#!/usr/bin/env bash
# The frame-interpolation benchmark: quality (PSNR, SSIM, GMSD) and speed (frames/s, peak memory)
# of Inbetween's synthesizers, ffmpeg minterpolate, the linear blend and frame duplication, on
# held-out windows of real clips, plus the upscale pipeline's overhead. See bench/README.md.
#
#   bench/run.sh                  the full run; writes bench/results/<date>-<commit>-full.{md,png}
#                                 and refreshes the latest results in bench/README.md
#   bench/run.sh --quick          a couple of minutes (3 clips, native size); leaves the README alone
#   bench/run.sh --help           every option, with its default
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v ffmpeg >/dev/null || { echo "bench: ffmpeg not found; install Debian's ffmpeg (apt-get install ffmpeg)" >&2; exit 1; }
[ -d "$ROOT/data/media/videos" ] || "$ROOT/scripts/fetch-media.sh" videos
exec "$ROOT/inbetween" bench "$@"
