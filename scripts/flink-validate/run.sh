#!/usr/bin/env bash
# Validate smt-rs flink-create.*.sql files with PyFlink 1.20 and the newest PyFlink 2.x.
#
# usage: scripts/flink-validate/run.sh [FILE.sql ...]   default: sample.sql and sample-statement-set.sql
#        scripts/flink-validate/run.sh --evaluate FILE.sql ...   run the INSERTs' value conversions
#                                                  (FROM_BASE64, TIME text) on sample values
#        scripts/flink-validate/run.sh --selftest       check that the checker itself catches what it should
#
# env:
#   SMT_FLINK_CACHE     where the virtualenvs live      (default: ~/.cache/smt-rs-flink)
#   SMT_FLINK_VERSIONS  space-separated pip version specs of apache-flink (default: "1.20.* 2.*")
#   SMT_FLINK_UPGRADE=1 re-resolve the specs (e.g. pick up a newer 2.x) instead of reusing the venvs
#   SMT_FLINK_INSTALL_ONLY=1  create the virtualenvs, print the versions and exit
#   SMT_FLINK_ARGS      extra arguments for validate.py (e.g. "--strict" or "--source datagen")
#   PYTHON              interpreter for the virtualenvs (default: python3; PyFlink wheels: 3.9-3.11(3.12))
#   JAVA_HOME           optional; otherwise PyFlink runs `java` from PATH (Java 11 or 17)
#
# Exit status: 0 when every file passes on every version, 1 otherwise, 2 on usage/setup errors.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SMT_FLINK_CACHE:-$HOME/.cache/smt-rs-flink}"
versions="${SMT_FLINK_VERSIONS:-1.20.* 2.*}"
python="${PYTHON:-python3}"
read -r -a extra_args <<< "${SMT_FLINK_ARGS:-}"

command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || {
  echo "run.sh: java not found (PyFlink needs a JDK 11 or 17 on PATH or JAVA_HOME)" >&2; exit 2; }

# venv dir for a spec: "1.20.*" -> flink-1.20, "2.*" -> flink-2, "2.1.1" -> flink-2.1.1
venv_dir() { local s="${1%.\*}"; echo "$cache/flink-${s//\*/x}"; }
installed_version() {
  "$1/bin/python" -c 'import importlib.metadata as m; print(m.version("apache-flink"))'
}

ensure_venv() {
  local spec="$1" dir marker
  dir="$(venv_dir "$spec")"
  marker="$dir/.smt-rs-installed"
  if [ -f "$marker" ] && [ "$(head -n1 "$marker")" = "apache-flink==$spec" ] \
     && [ "${SMT_FLINK_UPGRADE:-0}" != 1 ] \
     && "$dir/bin/python" -c 'import pyflink' >/dev/null 2>&1; then
    return 0
  fi
  echo "== installing apache-flink==$spec into $dir (~1 GB on disk, several minutes)" >&2
  mkdir -p "$cache"
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "apache-flink==$spec" >&2
  "$dir/bin/python" -c 'import pyflink' >/dev/null
  { echo "apache-flink==$spec"; installed_version "$dir"; } > "$marker"
}

for spec in $versions; do ensure_venv "$spec"; done
if [ "${SMT_FLINK_INSTALL_ONLY:-0}" = 1 ]; then
  for spec in $versions; do echo "apache-flink $(installed_version "$(venv_dir "$spec")") in $(venv_dir "$spec")"; done
  exit 0
fi

declare -a summary=()
npass=0; nfail=0
record() {  # record PASS|FAIL text
  summary+=("$1  $2")
  if [ "$1" = PASS ]; then npass=$((npass+1)); else nfail=$((nfail+1)); fi
}
finish() {
  echo
  echo "===== summary"
  printf '%s\n' "${summary[@]}"
  echo "$npass passed, $nfail failed"
  [ "$nfail" -eq 0 ]
}

# ---- self-test: the checker must accept the samples and catch the known-bad files -------------
if [ "${1:-}" = "--selftest" ]; then
  if (cd "$here" && "$python" -m unittest -q test_validate); then record PASS "unit tests (splitter, WITH rewrite)"
  else record FAIL "unit tests (splitter, WITH rewrite)"; fi
  # expect NAME WANT_RC GREP FILE [ARGS...]: run validate.py, compare exit code, grep the output
  expect() {
    local py="$1" ver="$2" want="$3" pat="$4" file="$5"; shift 5
    local out rc=0
    out="$("$py" "$here/validate.py" "$@" "$here/$file" 2>&1)" || rc=$?
    if [ "$rc" = "$want" ] && { [ -z "$pat" ] || grep -q -- "$pat" <<< "$out"; }; then
      record PASS "flink $ver  $file $* -> exit $want${pat:+, /$pat/}"
    else
      record FAIL "flink $ver  $file $* -> exit $rc, wanted $want${pat:+ and /$pat/}"
      echo "$out" | grep -v '^OK' | sed 's/^/    /'
    fi
  }
  for spec in $versions; do
    dir="$(venv_dir "$spec")"; py="$dir/bin/python"; ver="$(installed_version "$dir")"
    echo "===== selftest with Flink $ver"
    for f in sample.sql sample-statement-set.sql selftest/key-nocast.sql selftest/legacy-set.sql; do
      expect "$py" "$ver" 0 "" "$f" --strict
    done
    expect "$py" "$ver" 1 "Incompatible types for sink column 't'" selftest/type-mismatch.sql
    expect "$py" "$ver" 1 "Number of columns must match" selftest/type-mismatch.sql
    # Flink >= 2.3 rejects a key CAST on an updating input; older versions plan a SinkUpsertMaterializer.
    if "$py" -c 'import sys,importlib.metadata as m; v=tuple(int(x) for x in m.version("apache-flink").split(".")[:2]); sys.exit(0 if v >= (2,3) else 1)'; then
      expect "$py" "$ver" 1 "ON CONFLICT" selftest/key-cast.sql
      expect "$py" "$ver" 1 "ON CONFLICT" selftest/key-cast-set.sql
    else
      expect "$py" "$ver" 0 "^WARN .*upsertMaterialize" selftest/key-cast.sql
      expect "$py" "$ver" 0 "^WARN .*upsertMaterialize" selftest/key-cast-set.sql
      expect "$py" "$ver" 1 "upsertMaterialize" selftest/key-cast.sql --strict
    fi
    # An insert-only datagen source hides the problem on every version (why the default is a changelog source).
    expect "$py" "$ver" 0 "" selftest/key-cast.sql --source datagen --strict
    # evaluate.py: conversions that plan fine but print the wrong text must fail when run.
    expect_eval() {
      local want="$1" pat="$2" file="$3" out rc=0
      out="$("$py" "$here/evaluate.py" "$here/$file" 2>&1)" || rc=$?
      if [ "$rc" = "$want" ] && grep -q -- "$pat" <<< "$out"; then
        record PASS "flink $ver  evaluate $file -> exit $want, /$pat/"
      else
        record FAIL "flink $ver  evaluate $file -> exit $rc, wanted $want and /$pat/"
        echo "$out" | grep -v '^OK' | sed 's/^/    /'
      fi
    }
    expect_eval 1 "FAIL .*'HH:mm:ss'): .*gave '12:34:56', expected '12:34:56.789'" selftest/eval-wrong.sql
    expect_eval 1 "FAIL .*'HH:mm:ss.SSS'): .*gave '12:34:56.000', expected '12:34:56'" selftest/eval-wrong.sql
    expect_eval 1 "FAIL .*TO_BASE64.*no sample values" selftest/eval-wrong.sql
    expect_eval 0 "OK .*FROM_BASE64" selftest/eval-right.sql
  done
  finish
  exit $?
fi

# ---- evaluation: run the INSERTs' value conversions on sample values ---------------------------
if [ "${1:-}" = "--evaluate" ]; then
  shift
  [ $# -gt 0 ] || { echo "run.sh: --evaluate needs FILE.sql arguments" >&2; exit 2; }
  for f in "$@"; do [ -f "$f" ] || { echo "run.sh: no such file: $f" >&2; exit 2; }; done
  for spec in $versions; do
    dir="$(venv_dir "$spec")"
    ver="$(installed_version "$dir")"
    echo "===== Flink $ver : evaluate $*"
    if "$dir/bin/python" "$here/evaluate.py" "$@"; then record PASS "flink $ver  evaluate $*"
    else record FAIL "flink $ver  evaluate $*"; fi
  done
  finish
  exit $?
fi

# ---- normal run -----------------------------------------------------------------------------
if [ $# -eq 0 ]; then
  set -- "$here/sample.sql" "$here/sample-statement-set.sql"
fi
for f in "$@"; do
  [ -f "$f" ] || { echo "run.sh: no such file: $f" >&2; exit 2; }
done
for spec in $versions; do
  dir="$(venv_dir "$spec")"
  ver="$(installed_version "$dir")"
  for f in "$@"; do
    echo "===== Flink $ver : $f"
    if "$dir/bin/python" "$here/validate.py" "${extra_args[@]}" "$f"; then
      record PASS "flink $ver  $f"
    else
      record FAIL "flink $ver  $f"
    fi
  done
done
finish
