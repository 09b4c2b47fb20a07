#!/usr/bin/env bash
# Starts (or resumes) the CRVD training run in the background, from a frozen copy of the
# compiled classes, so that later edits and rebuilds of the tree cannot disturb a run that takes
# many hours. It resumes from data/train/crvd/checkpoint.bin when there is one.
#
#   scripts/train-crvd.sh [train options...]     e.g. scripts/train-crvd.sh --iterations 30000
#   scripts/train-crvd.sh                        resume with the options of the last start (train.args)
#   scripts/train-crvd.sh --status               last progress lines and the pid, if running
#   scripts/train-crvd.sh --stop                 SIGTERM: the run checkpoints, then exits
#   scripts/train-crvd.sh --save                 copy the latest checkpoint into the repo
#                                                (training/training-run/NAME), to commit
#   INBETWEEN_TRAIN_RUN=NAME scripts/train-crvd.sh ...   another run beside the shipped one
#
# data/ is not committed, so a fresh checkout resumes from the committed copy in
# training/training-run/crvd (sessions end; the run goes on in the next one).
#
# Output in data/train/crvd: train.log, loss.csv, validation.csv, loss.png, checkpoint.bin,
# best.weights. Export for shipping: ./inbetween train --export <resources>/crvd.weights
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# A run has a name (INBETWEEN_TRAIN_RUN, default crvd): its live files are in data/train/NAME, its
# committed copy in training/training-run/NAME.
run="${INBETWEEN_TRAIN_RUN:-crvd}"
out="${INBETWEEN_TRAIN_DIR:-$root/data/train/$run}"
pidfile="$out/train.pid"
saved_run="$root/training/training-run/$run"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-}" in
  --status)
    if running; then echo "training: running, pid $(cat "$pidfile")"; else echo "training: not running"; fi
    [ -f "$out/train.log" ] && grep -E "ProgressReporter|CrvdTrainer|TrainCommand" "$out/train.log" | tail -5
    exit 0 ;;
  --stop)
    if running; then kill -TERM "$(cat "$pidfile")"; echo "training: asked pid $(cat "$pidfile") to checkpoint and stop"; else echo "training: not running"; fi
    exit 0 ;;
  --save)
    mkdir -p "$saved_run"
    for f in checkpoint.bin best.weights train.args loss.csv validation.csv; do [ -f "$out/$f" ] && cp "$out/$f" "$saved_run/$f"; done
    echo "train-crvd: saved $(ls "$saved_run" | tr '\n' ' ')to $saved_run"
    exit 0 ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
esac
if running; then echo "train-crvd: already running (pid $(cat "$pidfile")); use --status or --stop" >&2; exit 1; fi

# Options are remembered, so that a plain restart resumes the same plan.
mkdir -p "$out"
if [ ! -f "$out/checkpoint.bin" ] && [ -f "$saved_run/checkpoint.bin" ]; then
  cp "$saved_run"/* "$out/"
  echo "train-crvd: restored the committed checkpoint from $saved_run" >&2
fi
if [ $# -eq 0 ] && [ -f "$out/train.args" ]; then
  mapfile -t saved < "$out/train.args"
  set -- "${saved[@]}"
  echo "train-crvd: resuming with $*" >&2
else
  printf '%s\n' "$@" > "$out/train.args"
fi

bin="$out/bin"
mkdir -p "$bin"
echo "train-crvd: compiling the training module..." >&2
(cd "$root" && ./mvnw -B -q -o -pl training -am compile dependency:build-classpath -Denforcer.skip \
    -Dmdep.includeScope=test -Dmdep.excludeGroupIds=io.inbetween -Dmdep.outputFile="$bin/classpath-\${project.artifactId}.txt" >"$bin/build.log" 2>&1) \
  || { echo "train-crvd: build failed, see $bin/build.log" >&2; tail -20 "$bin/build.log" >&2; exit 1; }
rm -rf "$bin/classes" && mkdir -p "$bin/classes"
for module in wire model training; do cp -r "$root/$module/target/classes/." "$bin/classes/"; done
cat > "$bin/logback.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{yyyy-MM-dd HH:mm:ss} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <logger name="ai.djl" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
XML
cache="${INBETWEEN_CACHE_DIR:-$root/.cache}"
export DJL_CACHE_DIR="$cache/djl" ENGINE_CACHE_DIR="$cache/djl"
# Passive OpenMP waiting: on a shared, busy CPU, spinning threads slow PyTorch down several times.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
cd "$root"
nohup java -Xmx6g -Djava.awt.headless=true -Dai.djl.offline=true -DDJL_CACHE_DIR="$DJL_CACHE_DIR" -DENGINE_CACHE_DIR="$ENGINE_CACHE_DIR" \
  -Dorg.bytedeco.javacpp.cachedir="$cache/javacpp" -Dlogback.configurationFile="$bin/logback.xml" \
  -cp "$bin/classes:$(cat "$bin/classpath-training.txt")" io.inbetween.training.TrainCommand \
  --out "$out" "$@" >>"$out/train.log" 2>&1 &
echo $! > "$pidfile"
echo "train-crvd: started pid $! (log: $out/train.log)"
