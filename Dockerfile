# syntax=docker/dockerfile:1
# The server as a small image: a static binary (no cgo: SQLite is pure Go)
# on distroless, running as a non-root user. The web app's build (web/dist)
# is embedded in the binary, so nothing else is copied.
#
#   docker build -t uslugi .
#   docker run --rm uslugi migrate                 # with DATABASE_URL=postgres://…
#   docker run --rm -p 8080:8080 uslugi            # the embedded default, one process
#   docker run … uslugi -role=api | -role=worker   # production roles (REDIS_URL too)

FROM golang:1.26 AS build
WORKDIR /src
# Modules first: this layer stays cached while only the code changes.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# timetzdata: quiet hours and Moscow-time deadlines need the zone database
# even where the image has none.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/uslugi ./server \
 && mkdir -p /out/data/blobs

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /srv
COPY --from=build /out/uslugi /usr/local/bin/uslugi
# DATA_DIR (data/ under the working directory): the embedded default's
# SQLite file and generated key, and local document files when BLOB_URL is
# not set. Owned by the image's user, so a volume mounted there is too.
COPY --from=build --chown=65532:65532 /out/data /srv/data
USER 65532:65532
EXPOSE 8080
# Kubernetes probes /healthz and /readyz itself; no HEALTHCHECK here.
ENTRYPOINT ["/usr/local/bin/uslugi"]
