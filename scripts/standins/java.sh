# shellcheck shell=bash
# Java stack stand-ins, sourced by scripts/engine.sh (uses log, die, image_id, new_tmp_dir,
# DOCKER, DEBIAN_TAG, REPO_ROOT, standin_build, standin_prune, image_size from there). Builds,
# only when absent or stale, from the host's Temurin JDK:
#   eclipse-temurin:<major>-jdk                    the JDK at /opt/java/openjdk
#   eclipse-temurin:<major>-jre                    a jlink'ed JRE of the same JDK
#   maven:<maven>-eclipse-temurin-<major>          the JDK + Apache Maven from Maven Central
# Each is also tagged local/java-standin:<name>-<recipe hash>. See test/standins/README.md.

readonly JAVA_STANDIN_SRC="$REPO_ROOT/test/standins/java"
readonly JAVA_RECIPE_REPO=local/java-standin
# The host's Temurin JDK (the machine's; its major is the tag).
readonly JAVA_STANDIN_JDK="${STANDIN_JAVA_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Maven in the maven:<this>-eclipse-temurin-<major> stand-in: the generator's pin, read from
# generators/lib/versions.ts (mavenVersion), so the tag is the one generated Dockerfiles use.
JAVA_STANDIN_MAVEN="$(sed -n "s/^ *mavenVersion: '\([0-9.]*\)',\$/\1/p" "$REPO_ROOT/generators/lib/versions.ts")"
readonly JAVA_STANDIN_MAVEN

build_java_standins() {
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt cacerts recipe major ctx target tag all_fresh=1
  [[ "$JAVA_STANDIN_MAVEN" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "no mavenVersion pin in generators/lib/versions.ts"
  [[ -x "$JAVA_STANDIN_JDK/bin/java" ]] || die "no Temurin JDK at $JAVA_STANDIN_JDK (set STANDIN_JAVA_JDK)"
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  cacerts="$(readlink -f "$JAVA_STANDIN_JDK/lib/security/cacerts")"
  [[ -f "$cacerts" ]] || die "the JDK's cacerts ($cacerts) is missing (apt-get install ca-certificates-java)"
  major="$("$JAVA_STANDIN_JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot read the Java version of $JAVA_STANDIN_JDK"
  recipe="$({ cat "$JAVA_STANDIN_SRC/Dockerfile" "$ca_bundle" "$cacerts"; "$JAVA_STANDIN_JDK/bin/java" -version 2>&1;
    printf 'maven=%s base=%s\n' "$JAVA_STANDIN_MAVEN" "$(image_id "$DEBIAN_TAG")"; } | sha256sum | cut -c1-16)"
  local -A tags=([jdk]="eclipse-temurin:$major-jdk" [jre]="eclipse-temurin:$major-jre" [maven]="maven:$JAVA_STANDIN_MAVEN-eclipse-temurin-$major")
  for target in jdk jre maven; do
    [[ -n "$(image_id "${tags[$target]}")" && "$(image_id "${tags[$target]}")" == "$(image_id "$JAVA_RECIPE_REPO:$target-$recipe")" ]] || all_fresh=0
  done
  if ((all_fresh)); then
    log "images ${tags[jdk]}, ${tags[jre]}, ${tags[maven]}: present"
    return
  fi
  log "images ${tags[jdk]}, ${tags[jre]}, ${tags[maven]}: building from $JAVA_STANDIN_JDK (recipe $recipe)"
  new_tmp_dir ctx standin-java
  cp "$JAVA_STANDIN_SRC/Dockerfile" "$ctx/Dockerfile"
  cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  cp "$cacerts" "$ctx/host-cacerts"
  cp -a "$JAVA_STANDIN_JDK/." "$ctx/jdk/"
  for target in jdk jre maven; do
    tag="${tags[$target]}"
    standin_build "java-$target" --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
      --build-arg "MAVEN_VERSION=$JAVA_STANDIN_MAVEN" --target "$target" \
      -t "$JAVA_RECIPE_REPO:$target-$recipe" -t "$tag" "$ctx"
  done
  "$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' "$JAVA_RECIPE_REPO" | grep -v -e "-$recipe\$" |
    xargs -r "$DOCKER" rmi >/dev/null 2>&1 || true
  log "images built: ${tags[jdk]} ($(image_size "${tags[jdk]}")), ${tags[jre]} ($(image_size "${tags[jre]}")), ${tags[maven]}"
}

build_java_standins
