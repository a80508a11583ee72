# Build stage: the fat jar, tests left to CI (they need a database of their own).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY config config
COPY src src
# -Pproduction: no embedded PostgreSQL (15 MB of binaries a container never uses); DATABASE_URL is required
RUN mvn -B -ntp -q -Pproduction -DskipTests package

# Runtime stage: a JRE, the jar, a non-root user, and a health check on readiness.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin syncruns
WORKDIR /app
COPY --from=build /src/target/sync-runs-server.jar /app/sync-runs-server.jar
COPY --from=build /src/config /app/config
# The class-data archive (a start about a third faster; docs/operations.md, "The class-data
# archive"), made by this image's own JVM for the jar at this path: an archive of another JVM build
# is refused
COPY --from=build /src/src/main/cds/sync-runs-server.classlist /tmp/sync-runs-server.classlist
RUN java -Xshare:dump -XX:SharedClassListFile=/tmp/sync-runs-server.classlist \
      -XX:SharedArchiveFile=/app/sync-runs-server.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp /app/sync-runs-server.jar \
 && rm /tmp/sync-runs-server.classlist
USER 10001
# 8080: the API; 9090: metrics and probes when MANAGEMENT_PORT=9090 (the Kubernetes manifests set it)
EXPOSE 8080 9090
ENV JAVA_OPTS="-XX:InitialRAMPercentage=45 -XX:MaxRAMPercentage=60 -XX:+UseSerialGC -XX:NewRatio=1 -Xss512k \
    -XX:SharedArchiveFile=/app/sync-runs-server.jsa"
# a log pipeline reads one JSON object per line, and one line per request (docs/operations.md, "Logs")
ENV LOG_FORMAT=json ACCESS_LOG=true
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${HTTP_PORT:-8080}/health/ready" || exit 1
# exec, so SIGTERM reaches the JVM (graceful shutdown, exit 0)
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/sync-runs-server.jar"]
