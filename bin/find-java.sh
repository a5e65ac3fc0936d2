#!/usr/bin/env bash
# Prints the path of a java (JDK 21 or newer): JAVA_HOME first, then PATH, then /usr/lib/jvm.
java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
for d in /usr/lib/jvm/*/; do candidates+=("${d}bin/java"); done
for j in "${candidates[@]}"; do
  if [ -x "$j" ] && [ "$(java_major "$j")" -ge 21 ] 2>/dev/null; then echo "$j"; exit 0; fi
done
echo "norn: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
exit 1
