# Inbetween serve: the web page, the API and /metrics. In compose and k8s it runs with
# --api-only against the cluster (the other services do the work).
#   docker build -f docker/serve.Dockerfile -t inbetween/serve .
FROM eclipse-temurin:17-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN docker/build-service.sh serve

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /app inbetween && mkdir -p /app/cache /media && chown inbetween /app/cache /media
COPY --from=build /app/lib /app/lib
COPY docker/logback.xml /app/logback.xml
USER 10001
ENV INBETWEEN_HOST=0.0.0.0 INBETWEEN_PORT=8080 INBETWEEN_DATA_DIR=/media/serve
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health >/dev/null
ENTRYPOINT ["java", "-Xmx512m", "-XX:+UseParallelGC", "-Dlogback.configurationFile=/app/logback.xml", "-Dorg.bytedeco.javacpp.cachedir=/app/cache/javacpp", \
            "-cp", "/app/lib/*", "io.inbetween.serve.ServeCommand"]
