# Sourced by .ci/run, hil-tests/demo and hil-tests/bench: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if new enough, then `java` on the PATH, then any JDK under /usr/lib/jvm or
# /opt (newest first). Fails with a clear message when none is found.

station_jdk_major() {  # prints the feature version of the JDK at $1, or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  case "$v" in 1.*) v=${v#1.}; v=${v%%.*};; esac
  [ -x "$1/bin/javac" ] && echo "$v"
}

station_find_jdk() {
  local min=21 cand major
  local cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for cand in $(ls -d /usr/lib/jvm/*/ /opt/*jdk*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    cands+=("${cand%/}")
  done
  for cand in "${cands[@]}"; do
    [ -x "$cand/bin/java" ] || continue
    major=$(station_jdk_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK $min or newer found (checked JAVA_HOME, java on PATH, /usr/lib/jvm, /opt)." >&2
  echo "       Install one (e.g. Temurin 21+) and set JAVA_HOME to it." >&2
  return 1
}
