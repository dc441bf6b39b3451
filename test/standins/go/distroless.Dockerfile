# Offline stand-ins for gcr.io/distroless/{static,base,cc}-debian12:nonroot (test engine only).
# Built by scripts/standins/go.sh with one --target per image. The final images are FROM
# scratch: no shell, no package manager, no coreutils, exactly like the real ones, so a
# generated Dockerfile that RUNs anything in its distroless stage fails here too.
# See test/standins/README.md. No `# syntax=` line: no registry is reachable.
ARG BASE_IMAGE=local/debian:bookworm-slim
FROM ${BASE_IMAGE} AS rootfs
RUN apt-get update \
  && apt-get install -y --no-install-recommends tzdata netbase libssl3 libgcc-s1 libstdc++6 \
  && rm -rf /var/lib/apt/lists/*
COPY ca-certificates.crt make-rootfs.sh /build/
RUN sh /build/make-rootfs.sh /build/ca-certificates.crt /out

FROM scratch AS static
COPY --from=rootfs /out/static/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532
WORKDIR /home/nonroot

FROM scratch AS base
COPY --from=rootfs /out/base/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532
WORKDIR /home/nonroot

FROM scratch AS cc
COPY --from=rootfs /out/cc/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532
WORKDIR /home/nonroot
