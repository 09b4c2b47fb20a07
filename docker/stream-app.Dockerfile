# Inbetween stream-app: reorders frames (Kafka Streams) and encodes the outputs.
#   docker build -f docker/stream-app.Dockerfile -t inbetween/stream-app .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN docker/build-service.sh stream-app

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /app inbetween && mkdir -p /app/cache /media && chown inbetween /app/cache /media
COPY --from=build /app/lib /app/lib
COPY docker/logback.xml /app/logback.xml
USER 10001
WORKDIR /media
# Jobs may read and write only under /media (mount the shared volume there).
ENV INBETWEEN_INPUT_ROOT=/media INBETWEEN_OUTPUT_ROOT=/media INBETWEEN_STATE_DIR=/app/cache/streams
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 CMD test -n "$(find /tmp/health -mmin -1)"
ENTRYPOINT ["java", "-Xmx512m", "-XX:+UseParallelGC", "-Dlogback.configurationFile=/app/logback.xml", "-Dorg.bytedeco.javacpp.cachedir=/app/cache/javacpp", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", \
            "-cp", "/app/lib/*", "io.inbetween.streamapp.StreamAppCommand", "--health-file", "/tmp/health"]
