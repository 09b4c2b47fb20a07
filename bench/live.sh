#!/usr/bin/env bash
# Live feeds through `inbetween live`, as a user runs it: Debian's ffmpeg sends testsrc2 in real
# time (-re, MPEG-TS over UDP on loopback), `inbetween live` doubles it to HLS, a SIGTERM ends it.
# Scenarios: 320x240 and 1280x720 at 25 fps for 60 s each, and a 320x240 feed with a 5 s outage.
# Writes bench/results/<date>-<commit>-live.md. Takes about 5 minutes.
#   bench/live.sh [SECONDS]     (default 60; the outage run feeds 20 s + 5 s down + 20 s)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
secs="${1:-60}"
work="$(mktemp -d)"
trap 'pkill -f "inbetween.cli.Inbetween live udp://127.0.0.1:2" 2>/dev/null || true; rm -rf "$work"' EXIT
commit="$(git rev-parse --short HEAD)"
report="bench/results/$(date +%F)-$commit-live.md"
[ -x cli/target/classpath.txt ] || [ -f cli/target/classpath.txt ] || ./mvnw -B -q -o install -DskipTests

feed() { # port size seconds
  ffmpeg -v error -nostdin -re -f lavfi -i "testsrc2=size=$2:rate=25" -t "$3" -c:v libx264 -preset ultrafast \
    -tune zerolatency -g 25 -f mpegts "udp://127.0.0.1:$1?pkt_size=1316"
}

# run NAME SIZE FEED... : starts `inbetween live`, runs the feed commands, stops it; leaves $work/NAME.*
run() {
  local name="$1" size="$2"; shift 2
  local port=$((21000 + RANDOM % 8000))
  mkdir -p "$work/$name"
  INBETWEEN_NO_BUILD=1 /usr/bin/time -v -o "$work/$name.time" ./inbetween live "udp://127.0.0.1:$port" \
    --hls "$work/$name/hls" --verbose 2> "$work/$name.err" &
  local pid=$!
  for _ in $(seq 1 240); do grep -q "JobDecoder: opening udp" "$work/$name.err" && break; sleep 0.25; done
  sleep 0.3
  for step in "$@"; do
    case "$step" in
      pause:*) sleep "${step#pause:}" ;;
      *) feed "$port" "$size" "$step" ;;
    esac
  done
  sleep 0.3
  pkill -TERM -f "inbetween.cli.Inbetween live udp://127.0.0.1:$port"
  wait "$pid" || true
}

# row NAME SIZE FED_SECONDS: one line of the results table
row() {
  local name="$1" size="$2" fed="$3" err="$work/$1.err"
  local summary frames rate p50 p99 max changes gaps wall rss cpu
  summary="$(grep '^ended ' "$err" | tail -1)"
  p50="$(sed -E 's/.*latency p50 ([0-9.]+) s.*/\1/' <<<"$summary")"
  p99="$(sed -E 's/.*p99 ([0-9.]+) s.*/\1/' <<<"$summary")"
  max="$(sed -E 's/.*max ([0-9.]+) s.*/\1/' <<<"$summary")"
  changes="$(sed -E 's/.*; ([0-9]+) quality changes.*/\1/' <<<"$summary")"
  gaps="$(sed -E 's/.*; ([0-9]+) gaps in the feed.*/\1/' <<<"$summary")"
  read -r frames rate < <(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames,r_frame_rate \
    -of csv=p=0 "$work/$name/hls/index.m3u8" | awk -F, '{print $2, $1}')
  wall="$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$work/$name.time")"
  cpu="$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.0f", u+s}' "$work/$name.time")"
  rss="$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/$name.time")"
  # the output rate, and the added latency (p99 of the last 500 frames) at 1/4, 1/2, 3/4 and the end of the feed
  local outfps lag
  outfps="$(grep -E '^in ' "$err" | awk -v n="$fed" 'NR > 5 && NR <= n {s += $5; c++} END {if (c) printf "%.1f", s / c}')"
  lag="$(grep -E '^in ' "$err" | awk '{for (i = 1; i <= NF; i++) if ($i == "p99") v[NR] = $(i+1)}
        END {printf "%s / %s / %s / %s", v[int(NR/4)], v[int(NR/2)], v[int(3*NR/4)], v[NR]}')"
  local levels
  levels="$(grep -oE 'quality (up|down) from [a-z]+ to [a-z]+' "$err" | sed -E 's/quality (up|down) from ([a-z]+) to ([a-z]+)/\3/' | uniq -c | awk '{printf "%s%s", sep, $2; sep=" → "}')"
  echo "| $name | $size | $fed | $frames | $rate | $outfps | $p50 | $p99 | $max | $lag | $changes (repeat → $levels) | $gaps | $wall | $cpu | $rss |"
}

run small-60s 320x240 "$secs"
run hd-60s 1280x720 "$secs"
run outage 320x240 20 pause:5 20
freeze="$(ffmpeg -v info -nostdin -i "$work/outage/hls/index.m3u8" -vf freezedetect=n=0.003:d=1 -an -f null - 2>&1 \
  | grep -oE 'freeze_duration: [0-9.]+' | awk '{print $2}' | sort -n | tail -1)"

{
  echo "# Live feeds: \`inbetween live\` against a real-time feed ($(date '+%F %H:%M'), commit $commit)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(ffmpeg -version | head -1 | cut -d' ' -f1-3); $(java -version 2>&1 | head -1)."
  echo
  echo "The feed: \`ffmpeg -re -f lavfi -i testsrc2=size=WxH:rate=25 -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -f mpegts udp://127.0.0.1:PORT\`."
  echo "The job: \`inbetween live udp://127.0.0.1:PORT --hls DIR\` (defaults: 2x, CRVD K=0 at the best level, latency budget 2 s, x264 veryfast), stopped by SIGTERM 0.3 s after the feed ends; whole process under GNU time."
  echo "Added latency: a source frame read to its output frame written (the encoder's clock), per frame, over the whole run."
  echo
  echo "| run | size | fed s | frames out | rate | out fps (steady) | latency p50 s | p99 s | max s | p99 of the last 500 frames at 1/4, 1/2, 3/4, end | level changes | gaps | wall | CPU s | peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  row small-60s 320x240 "$secs"
  row hd-60s 1280x720 "$secs"
  row outage 320x240 45
  echo
  echo "Outage run: the feed ran 20 s, stopped for 5 s and came back for 20 s. The longest frozen stretch of the output (ffmpeg freezedetect; testsrc2 changes every frame, so only repeats freeze it) is ${freeze:-?} s: the output resumed $(awk -v f="${freeze:-0}" 'BEGIN {printf "%.1f", f - 5}') s after the feed's return, as read (plus the latency above until it is written)."
} > "$report"
cat "$report"
echo "bench: wrote $report" >&2
