#!/usr/bin/env bash
# Validate smt-rs flink-create.*.sql files with PyFlink 1.20 and PyFlink 2.x.
#
# usage: scripts/flink-validate/run.sh [FILE.sql ...]      (default: sample.sql next to this script)
#
# env:
#   SMT_FLINK_CACHE     cache dir for the virtualenvs   (default: ~/.cache/smt-rs-flink)
#   SMT_FLINK_VERSIONS  space-separated pip specs       (default: "1.20.* 2.*")
#   SMT_FLINK_UPGRADE=1 re-resolve the specs (e.g. pick up a newer 2.x) instead of reusing the venvs
#   SMT_FLINK_INSTALL_ONLY=1  create/refresh the venvs and exit
#   PYTHON              interpreter used to create the venvs (default: python3; PyFlink needs 3.9-3.11/3.12)
#   JAVA_HOME           optional; otherwise `java` from PATH is used by PyFlink (Java 11/17)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SMT_FLINK_CACHE:-$HOME/.cache/smt-rs-flink}"
versions="${SMT_FLINK_VERSIONS:-1.20.* 2.*}"
python="${PYTHON:-python3}"


command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || {
  echo "run.sh: java not found (PyFlink needs a JDK 11 or 17 on PATH or JAVA_HOME)" >&2; exit 2; }

mkdir -p "$cache"

# venv dir name for a spec: "1.20.*" -> flink-1.20, "2.*" -> flink-2, "2.1.1" -> flink-2.1.1
venv_dir() { local s="${1%.\*}"; echo "$cache/flink-${s//\*/x}"; }

ensure_venv() {
  local spec="$1" dir marker
  dir="$(venv_dir "$spec")"
  marker="$dir/.smt-rs-installed"
  if [ -f "$marker" ] && [ "$(head -n1 "$marker")" = "apache-flink==$spec" ] \
     && [ "${SMT_FLINK_UPGRADE:-0}" != 1 ] \
     && "$dir/bin/python" -c 'import pyflink' >/dev/null 2>&1; then
    return 0
  fi
  echo "== installing apache-flink==$spec into $dir (large download, several minutes)" >&2
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$dir/bin/python" -m pip install --disable-pip-version-check --upgrade "apache-flink==$spec" >&2
  "$dir/bin/python" -c 'import pyflink' >/dev/null
  { echo "apache-flink==$spec"; installed_version "$dir"; } > "$marker"
}

installed_version() {
  "$1/bin/python" -c 'import importlib.metadata as m; print(m.version("apache-flink"))'
}

for spec in $versions; do ensure_venv "$spec"; done
if [ "${SMT_FLINK_INSTALL_ONLY:-0}" = 1 ]; then
  for spec in $versions; do echo "apache-flink $(installed_version "$(venv_dir "$spec")") in $(venv_dir "$spec")"; done
  exit 0
fi

if [ $# -eq 0 ]; then
  set -- "$here/sample.sql"
fi
for f in "$@"; do
  [ -f "$f" ] || { echo "run.sh: no such file: $f" >&2; exit 2; }
done

declare -a summary=()
status=0
for spec in $versions; do
  dir="$(venv_dir "$spec")"
  ver="$(installed_version "$dir")"
  for f in "$@"; do
    echo "===== Flink $ver : $f"
    if "$dir/bin/python" "$here/validate.py" "$f"; then
      summary+=("PASS  flink $ver  $f")
    else
      summary+=("FAIL  flink $ver  $f")
      status=1
    fi
  done
done

echo
echo "===== summary"
printf '%s\n' "${summary[@]}"
pass=0; fail=0
for line in "${summary[@]}"; do case "$line" in PASS*) pass=$((pass+1));; *) fail=$((fail+1));; esac; done
echo "$pass passed, $fail failed"
exit $status
