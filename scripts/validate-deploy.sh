#!/usr/bin/env bash
# Checks docker/ and k8s/ with real validators, and the images' class paths without Docker:
#   1. every k8s/ document against the Kubernetes, Strimzi, KEDA and Prometheus Operator schemas
#      (npm's kubernetes-models, scripts/validate-deploy/validate.mjs);
#   2. docker/compose.yaml with `docker compose config` (or Debian's docker-compose);
#   3. each service's image contents as docker/build-service.sh gathers them: the service starts
#      from them alone (--help), and stream-app and the decoder carry no DJL, web server or broker.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/scripts/validate-deploy"
[ -d node_modules ] || npm ci --no-audit --no-fund --silent
node validate.mjs

cd "$root"
if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
"${compose[@]}" -f docker/compose.yaml config -q
echo "validate-deploy: docker/compose.yaml is valid (${compose[*]} config)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for service in decoder:io.inbetween.decoder.DecoderCommand interpolator:io.inbetween.interpolator.InterpolatorCommand \
               stream-app:io.inbetween.streamapp.StreamAppCommand serve:io.inbetween.serve.ServeCommand; do
  module="${service%%:*}" main="${service#*:}"
  mkdir -p "$work/$module"
  # online: a fresh machine may not have maven-dependency-plugin yet (mvnw verify never needs it)
  LIB="$work/$module" docker/build-service.sh "$module" -Dweb.skip=true
  out="$(java -Dlogback.configurationFile="$root/docker/logback.xml" -cp "$work/$module/*" "$main" --help 2>&1)"
  grep -q "^Usage: $module" <<<"$out" && ! grep -q "SLF4J" <<<"$out" \
    || { echo "validate-deploy: $module does not start (with its logging) from its image's class path: $out" >&2; exit 1; }
  case "$module" in
    decoder|stream-app)
      forbidden="$(ls "$work/$module" | grep -E '^(api-[0-9]|pytorch-|javalin|jetty-|kafka_2\.13-|kafka-server-)' || true)"
      [ -z "$forbidden" ] || { echo "validate-deploy: the $module image would carry $(echo $forbidden)" >&2; exit 1; } ;;
  esac
  echo "validate-deploy: $module starts from its $(ls "$work/$module" | wc -l) jars"
done
