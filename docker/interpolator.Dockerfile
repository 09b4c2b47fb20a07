# Inbetween interpolator, CPU: synthesizes the in-between frames with CRVD (DJL + PyTorch, the
# CPU native library inside the image, offline). Start one per core group, or see
# interpolator-cuda.Dockerfile for GPUs.
#   docker build -f docker/interpolator.Dockerfile -t inbetween/interpolator .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN docker/build-service.sh interpolator

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /app inbetween && mkdir -p /app/cache && chown inbetween /app/cache
COPY --from=build /app/lib /app/lib
COPY docker/logback.xml /app/logback.xml
USER 10001
ENV OMP_WAIT_POLICY=PASSIVE MALLOC_ARENA_MAX=2 DJL_CACHE_DIR=/app/cache/djl ENGINE_CACHE_DIR=/app/cache/djl
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 CMD test -n "$(find /tmp/health -mmin -1)"
ENTRYPOINT ["java", "-Xmx512m", "-XX:+UseParallelGC", "-Dlogback.configurationFile=/app/logback.xml", "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=/app/cache/djl", "-DENGINE_CACHE_DIR=/app/cache/djl", \
            "-cp", "/app/lib/*", "io.inbetween.interpolator.InterpolatorCommand", "--health-file", "/tmp/health"]
