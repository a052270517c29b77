# Sourced by ./nabla and ./run-tests: sets NABLA_JAVA_HOME to a JDK >= 25.
# Order: $JAVA_HOME, then JDKs under /usr/lib/jvm (newest first), then `java` on PATH.
nabla_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
nabla_find_jdk() {
  local cand major
  for cand in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
              "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    cand="${cand%/}"
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(nabla_java_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      NABLA_JAVA_HOME="$cand"; return 0
    fi
  done
  echo "nabla: no JDK 25 or newer found. Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  echo "       Looked at: \$JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/*, and java on PATH." >&2
  return 1
}
# Maven's bundled Guava touches sun.misc.Unsafe; on JDK 24+ that prints warnings on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
