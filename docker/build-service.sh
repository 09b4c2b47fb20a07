#!/bin/sh
# Build stage of every image: packages one service module and the modules it depends on, then
# gathers its jar and its runtime dependencies (nothing else) into $LIB (default /app/lib).
#   docker/build-service.sh MODULE [extra Maven arguments]
# scripts/validate-deploy.sh runs it too, and starts each service from what it gathered.
set -eu
module="$1"; shift
lib="${LIB:-/app/lib}"
./mvnw -B -ntp -q -pl "$module" -am -DskipTests "$@" install
./mvnw -B -ntp -q -pl "$module" "$@" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib"
cp "$module"/target/"$module"-*.jar "$lib"/
