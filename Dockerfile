# syntax=docker/dockerfile:1
# dixa-importer and dixa-sandbox in one image, no Swift toolchain inside: `docker build -t dixa-importer .`
#   docker run --rm -e DATABASE_URL=… dixa-importer migrate
#   docker run -e DATABASE_URL=… -e DIXA_AGENT_ID=… -e DIXA_API_TOKEN_FILE=/run/secrets/dixa_token \
#     -v /etc/dixa-importer/dixa-token:/run/secrets/dixa_token:ro dixa-importer            # `run` by default
#   (the mounted token file must be readable by the image's user, uid 10001)
#
# For a real deployment, change: nothing in here as a rule. Configuration comes from the environment at `docker run`
# time (see docker-compose.yml), and the token from a mounted secret file, never from a build argument or ENV.
# SWIFT_VERSION must stay the toolchain CI uses (`swift --version`); a test checks that.

ARG SWIFT_VERSION=6.3.1

# ---- build: the same `swift build` of the same products as CI, in release mode --------------------------------
FROM swift:${SWIFT_VERSION}-bookworm AS build
WORKDIR /build

# Dependencies first, so that editing a source file does not fetch them again. Package.resolved is not committed;
# the glob copies it when it exists.
COPY Package.* ./
RUN swift package resolve

COPY Sources ./Sources
COPY sql ./sql
# Package.swift declares the test targets, and SwiftPM refuses a package whose target folders are missing.
COPY Tests ./Tests
# --static-swift-stdlib links the Swift runtime and Foundation into the binaries, so the final stage needs no Swift.
# PostgreSQL is spoken by postgres-nio: no libpq.
RUN swift build -c release --static-swift-stdlib --product dixa-importer \
    && swift build -c release --static-swift-stdlib --product dixa-sandbox \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/dixa-importer" "$(swift build -c release --show-bin-path)/dixa-sandbox" /staging/ \
    && cp /usr/libexec/swift/linux/swift-backtrace-static /staging/

# ---- runtime ------------------------------------------------------------------------------------------------------
# The binaries need only libc, libstdc++ and zlib besides the Swift runtime they carry; ca-certificates for TLS to
# Dixa and PostgreSQL, tzdata for time zones.
FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tzdata libstdc++6 zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin dixa

COPY --from=build /staging/dixa-importer /staging/dixa-sandbox /usr/local/bin/
COPY --from=build /staging/swift-backtrace-static /usr/local/libexec/swift-backtrace-static
# A crash prints a symbolicated backtrace to standard error instead of waiting for a debugger.
ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/libexec/swift-backtrace-static

USER 10001:10001
# Started as `run --metrics-port 9090` (as docker-compose.yml does), it serves /metrics and /health here.
EXPOSE 9090
# SIGTERM (docker stop) is graceful: rows in flight get --shutdown-grace (25 s), so give `docker stop -t 40`
# (compose: stop_grace_period) more than that; docker's default of 10 s would cut the hand-back short.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dixa-importer"]
CMD ["run"]
