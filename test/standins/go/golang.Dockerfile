# Offline stand-in for the official golang:<X.Y>-bookworm image (test engine only).
# Built by scripts/standins/go.sh. Debian's golang-go package (Go 1.19 in bookworm) laid out
# like the official image: Go under /usr/local/go, GOPATH=/go, WORKDIR /go, gcc for cgo.
# See test/standins/README.md for what matches the real image and what does not.
# No `# syntax=` line: no registry is reachable.
ARG BASE_IMAGE=local/debian:bookworm-slim
FROM ${BASE_IMAGE}

# The real image is FROM buildpack-deps:bookworm-scm (git, ca-certificates, ...) and adds
# g++ gcc libc6-dev make pkg-config for cgo.
RUN apt-get update \
  && apt-get install -y --no-install-recommends \
    ca-certificates git g++ gcc libc6-dev make pkg-config golang-go \
  && rm -rf /var/lib/apt/lists/*

# /usr/local/go -> Debian's GOROOT (/usr/lib/go-1.19); the go command finds its GOROOT from
# its own resolved path, so `go env GOROOT` is the Debian folder.
RUN ln -s "$(dirname "$(dirname "$(readlink -f /usr/bin/go)")")" /usr/local/go \
  && mkdir -p /go/src /go/bin \
  && chmod -R 1777 /go

# Test-environment addition (not in the official image): the host's CA bundle, which holds the
# CA of the TLS-inspecting proxy module downloads go through, so `go mod download` reaches the
# Go module proxy (Go reads the system bundle).
COPY host-ca-certificates.crt /usr/local/share/ca-certificates/host-ca-certificates.crt
RUN update-ca-certificates >/dev/null

ENV GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go

RUN test "$(command -v go)" = /usr/local/go/bin/go \
  && go version \
  && gcc --version >/dev/null
