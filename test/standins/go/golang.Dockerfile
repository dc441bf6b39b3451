# Offline stand-in for the official golang:<X.Y>-bookworm image (test engine only).
# Built by scripts/standins/go.sh from the machine's own Go toolchain (the go.dev release in
# $(go env GOROOT), copied into the build context as go/), laid out like the official image:
# Go under /usr/local/go, GOPATH=/go, WORKDIR /go, gcc for cgo.
# See test/standins/README.md for what matches the real image and what does not.
# No `# syntax=` line: no registry is reachable.
ARG BASE_IMAGE=local/debian:bookworm-slim
FROM ${BASE_IMAGE}

# The real image is FROM buildpack-deps:bookworm-scm (git, ca-certificates, ...) and adds
# g++ gcc libc6-dev make pkg-config for cgo.
RUN apt-get update \
  && apt-get install -y --no-install-recommends \
    ca-certificates git g++ gcc libc6-dev make pkg-config \
  && rm -rf /var/lib/apt/lists/*

# Test-environment addition (not in the official image): the host's CA bundle, which holds the
# CA of the TLS-inspecting proxy module downloads go through, so `go mod download` reaches the
# Go module proxy (Go reads the system bundle). No Go setting differs from the official image.
COPY host-ca-certificates.crt /usr/local/share/ca-certificates/host-ca-certificates.crt
RUN update-ca-certificates >/dev/null

ARG GOLANG_VERSION
# The official image unpacks the go.dev tarball here; go.env is the tarball's own (GOPROXY,
# GOSUMDB, GOTOOLCHAIN=auto), written by go.sh.
COPY go /usr/local/go

ENV GOLANG_VERSION=${GOLANG_VERSION} \
    GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p /go/src /go/bin \
  && chmod -R 1777 /go
WORKDIR /go

RUN test "$(command -v go)" = /usr/local/go/bin/go \
  && test "$(go env GOVERSION)" = "go${GOLANG_VERSION}" \
  && test "$(go env GOPROXY)" = "https://proxy.golang.org,direct" \
  && gcc --version >/dev/null
