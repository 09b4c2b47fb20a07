#!/usr/bin/env bash
# Scale-out: one video through the stages as separate processes on a local broker
# (`./inbetween broker`), with 1 interpolator process (2 PyTorch threads) and then with 2 (1 thread
# each), in turn, the same job each time. Reports the synthesis throughput and the ratio.
# Writes bench/results/<date>-<commit>-scale-out.md. Takes 3-5 minutes on 2 cores.
#   bench/scale-out.sh [CLIP] [SYNTHESIZER]   (default: the 10 s 720x576 camera clip, crvd)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
clip="$(realpath "${1:-data/media/videos/mecavideo-balle-jbart.mp4}")"
synth="${2:-crvd}"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
commit="$(git rev-parse --short HEAD)"
report="bench/results/$(date +%F)-$commit-scale-out.md"
export INBETWEEN_NO_BUILD=1
port=$((19100 + RANDOM % 800))
export INBETWEEN_BOOTSTRAP_SERVERS="127.0.0.1:$port"

./inbetween broker --port "$port" --data-dir "$work/kafka" > "$work/broker.log" 2>&1 & pids+=($!)
for _ in $(seq 1 120); do grep -q "Kafka ready" "$work/broker.log" && break; sleep 0.5; done
roots=(--input-root "$(dirname "$clip")" --output-root "$work")
./inbetween decoder "${roots[@]}" > "$work/decoder.log" 2>&1 & pids+=($!)
./inbetween stream-app "${roots[@]}" --state-dir "$work/state" > "$work/stream-app.log" 2>&1 & pids+=($!)

# run N THREADS: N interpolator processes, THREADS PyTorch threads each; prints "seconds frames"
run() {
  local n="$1" threads="$2" ips=()
  for i in $(seq 1 "$n"); do
    ./inbetween interpolator --synthesizer "$synth" --threads "$threads" --health-file "$work/int-$n-$i.alive" \
      > "$work/int-$n-$i.log" 2>&1 & ips+=($!)
  done
  for i in $(seq 1 "$n"); do for _ in $(seq 1 240); do [ -f "$work/int-$n-$i.alive" ] && break; sleep 0.5; done; done
  sleep 2 # the group settles
  local start end
  start=$(date +%s.%N)
  ./inbetween upscale "$clip" -o "$work/out-$n.mp4" --submit-only --job-id "scale-$n-$RANDOM" > "$work/up-$n.log" 2>&1
  end=$(date +%s.%N)
  kill -TERM "${ips[@]}"; wait "${ips[@]}" 2>/dev/null || true
  local frames
  frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/out-$n.mp4")
  printf "%.1f %s\n" "$(echo "$end - $start" | bc)" "$frames"
}

read -r t1 f1 < <(run 1 2)
read -r t2 f2 < <(run 2 1)
size="$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$clip")"
fps1=$(echo "scale=2; $f1 / $t1" | bc); fps2=$(echo "scale=2; $f2 / $t2" | bc); ratio=$(echo "scale=3; $fps2 / $fps1" | bc)
{
  echo "# Scale-out: 1 and 2 interpolator processes"
  echo
  echo "$(date -u '+%F %H:%M UTC') · commit \`$commit\` · $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · load average $(cut -d' ' -f1 /proc/loadavg) at the end"
  echo
  echo "\`$(basename "$clip")\` ($size), 2x, synthesizer $synth, default settings; the stages as separate processes on \`./inbetween broker\`; wall time from submit to done (\`upscale --submit-only\`), in turn in one run."
  echo
  echo "| interpolators | PyTorch threads each | wall s | output frames | frames/s | vs 1 |"
  echo "|---:|---:|---:|---:|---:|---:|"
  echo "| 1 | 2 | $t1 | $f1 | $fps1 | 1.00 |"
  echo "| 2 | 1 | $t2 | $f2 | $fps2 | $ratio |"
} > "$report"
cat "$report"
