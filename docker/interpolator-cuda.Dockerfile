# Inbetween interpolator, CUDA: the same service built with -Pcuda (docs/gpu.md). Maven Central
# has no CUDA jar of PyTorch 2.7.1, so DJL fetches its cu128 build on the first start into
# /app/cache/djl (mount a volume there to fetch it once). --device auto (the default) takes the
# first GPU that PyTorch sees.
#   docker build -f docker/interpolator-cuda.Dockerfile -t inbetween/interpolator:cuda .
#   docker run --gpus all -v djl:/app/cache/djl inbetween/interpolator:cuda --bootstrap-servers kafka:9092
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN docker/build-service.sh interpolator -Pcuda

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /app inbetween && mkdir -p /app/cache && chown inbetween /app/cache
COPY --from=build /app/lib /app/lib
COPY docker/logback.xml /app/logback.xml
USER 10001
ENV OMP_WAIT_POLICY=PASSIVE MALLOC_ARENA_MAX=2 DJL_CACHE_DIR=/app/cache/djl ENGINE_CACHE_DIR=/app/cache/djl
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 CMD test -n "$(find /tmp/health -mmin -1)"
ENTRYPOINT ["java", "-Xmx512m", "-XX:+UseParallelGC", "-Dlogback.configurationFile=/app/logback.xml", "-Dai.djl.offline=false", "-DDJL_CACHE_DIR=/app/cache/djl", "-DENGINE_CACHE_DIR=/app/cache/djl", \
            "-cp", "/app/lib/*", "io.inbetween.interpolator.InterpolatorCommand", "--health-file", "/tmp/health"]
