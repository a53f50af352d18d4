#!/usr/bin/env python3
"""Evaluate the value conversions of smt-rs INSERTs in a real Flink: do they give the source text?

usage: evaluate.py [-v] FILE.sql [FILE.sql ...]

Run it with the python of a virtualenv that has `apache-flink` installed (see run.sh).

validate.py only plans the INSERTs; a plan cannot tell that Flink 1.20's CAST(TIME(3) AS STRING)
drops the fraction. This script runs the expressions. For every INSERT of each file (also inside
EXECUTE STATEMENT SET), every SELECT item that converts a value is taken as written in the file
(its alias removed) and evaluated in a batch TableEnvironment over sample values of its source
column's type, as the `_src` CREATE TABLE declares it:

  FROM_BASE64(col)           col STRING: the base64 of non-ASCII UTF-8 text (and of bytes that
                             are not UTF-8) must come back as that text (U+FFFD for each bad byte);
  DATE_FORMAT(CAST(col ...)) col TIME(p): a time with p fraction digits must come back as MySQL
                             prints it, with at most three digits (Flink's TIME holds milliseconds).

Any other converting item (a function the script has no samples for) is a failure, so a new
conversion cannot pass unevaluated. Prints one line per item and value set (OK/FAIL) and exits 1
if any failed or a file holds no conversion at all, 2 on usage errors.
"""

import argparse
import base64
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate import (  # noqa: E402  (the lexer and statement splitter of the planning check)
    IDENT, PUNCT, SqlSyntaxError, create_table_info, insert_target, norm_name, qualified_name_after,
    quote_str, split_statements, statement_set_inserts, unquote)

# Text a binary column may hold: base64 of its UTF-8 bytes in, the text out.
TEXTS = ["Zürich", "Ελληνικά", "日本語のページ", "Main_Page 😀 ✓", "", "it's \"quoted\"\ttab\nnewline", "plain"]
# Bytes that are not UTF-8 (what `binary_as_text` warns about): each bad byte becomes U+FFFD.
NOT_UTF8 = [(b"ab\xff\xfecd", "ab\ufffd\ufffdcd")]
# MySQL TIME values with six fraction digits; TIME(p) keeps the first p.
TIMES = ["12:34:56.789012", "00:00:00.000000", "23:59:59.999999", "08:05:03.100200", "09:00:07.040000"]

CONVERSIONS = {"FROM_BASE64", "DATE_FORMAT"}


def top_level_split(toks, sep=","):
    """Split significant tokens on `sep` outside parentheses."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t.kind == PUNCT and t.text == "(":
            depth += 1
        elif t.kind == PUNCT and t.text == ")":
            depth -= 1
        if depth == 0 and t.kind == PUNCT and t.text == sep:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def column_types(stmt):
    """`{column: type text}` of a CREATE TABLE's physical columns, as written."""
    sig = stmt.sig
    open_idx = next(i for i, t in enumerate(sig) if t.kind == PUNCT and t.text == "(")
    depth, close_idx = 0, None
    for i in range(open_idx, len(sig)):
        if sig[i].kind == PUNCT and sig[i].text == "(":
            depth += 1
        elif sig[i].kind == PUNCT and sig[i].text == ")":
            depth -= 1
            if depth == 0:
                close_idx = i
                break
    cols = {}
    for part in top_level_split(sig[open_idx + 1:close_idx]):
        if not part or part[0].kind != IDENT:
            continue  # PRIMARY KEY (...) NOT ENFORCED
        words = [t.upper for t in part[1:]]
        end = len(part)
        for stop in ("NOT", "NULL", "METADATA"):
            if stop in words:
                end = min(end, 1 + words.index(stop))
        cols[unquote(part[0])] = stmt.src[part[1].start:part[end - 1].end]
    return cols


def select_items(stmt):
    """(source table name parts, [item tokens]) of `INSERT INTO t SELECT items FROM src`."""
    sig = stmt.sig
    words = [t.upper for t in sig]
    sel = words.index("SELECT")
    depth, frm = 0, None
    for i in range(sel + 1, len(sig)):
        t = sig[i]
        if t.kind == PUNCT and t.text == "(":
            depth += 1
        elif t.kind == PUNCT and t.text == ")":
            depth -= 1
        elif depth == 0 and t.upper == "FROM":
            frm = i
            break
    if frm is None:
        raise SqlSyntaxError(f"line {stmt.line}: INSERT without a top-level FROM")
    source, _ = qualified_name_after(sig, frm + 1)
    return source, top_level_split(sig[sel + 1:frm])


def expression(stmt, item):
    """The item's text without a top-level `AS alias`, and the first column it reads."""
    depth, end = 0, len(item)
    for i, t in enumerate(item):
        if t.kind == PUNCT and t.text == "(":
            depth += 1
        elif t.kind == PUNCT and t.text == ")":
            depth -= 1
        elif depth == 0 and t.upper == "AS":
            end = i
    column = next((unquote(t) for t in item[:end] if t.kind == IDENT), None)
    return stmt.src[item[0].start:item[end - 1].end], column


def samples(function, ty):
    """[(SQL literal, expected Python value)] for a conversion of a column of type `ty`."""
    base = ty.upper().replace(" ", "")
    if function == "FROM_BASE64" and base in ("STRING", "VARCHAR(2147483647)"):
        cases = [(quote_str(base64.b64encode(t.encode("utf-8")).decode()), t) for t in TEXTS]
        cases += [(quote_str(base64.b64encode(b).decode()), want) for b, want in NOT_UTF8]
        return [(f"CAST({lit} AS STRING)", want) for lit, want in cases] + [("CAST(NULL AS STRING)", None)]
    m = re.fullmatch(r"TIME(?:\((\d)\))?", base)
    if function == "DATE_FORMAT" and m:
        p = int(m.group(1) or 0)
        out = []
        for t in TIMES:
            source_text = t[:8] + ("." + t[9:9 + p] if p else "")  # what MySQL prints for TIME(p)
            kept = min(p, 3)
            want = t[:8] + ("." + t[9:9 + kept] if kept else "")
            out.append((f"CAST(TIME '{source_text}' AS {ty})", want))
        return out + [(f"CAST(NULL AS {ty})", None)]
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each query")
    args = ap.parse_args(argv)

    import warnings as _w
    _w.filterwarnings("ignore", message="pkg_resources is deprecated")
    import importlib.metadata as md
    from pyflink.table import EnvironmentSettings, TableEnvironment

    version = md.version("apache-flink")
    t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    t_env.get_config().set("parallelism.default", "1")
    failures = 0
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as f:
                stmts = split_statements(f.read())
        except (OSError, SqlSyntaxError) as e:
            print(f"FAIL  {path}: {e}")
            failures += 1
            continue
        tables, inserts = {}, []
        for s in stmts:
            if s.starts_with("CREATE") and create_table_info(s) is not None:
                tables[norm_name(create_table_info(s)[0])] = column_types(s)
            for x in statement_set_inserts(s) if s.is_statement_set else [s]:
                if insert_target(x) is not None:
                    inserts.append(x)
        evaluated = 0
        print(f"# {path}: Flink {version}, {len(inserts)} INSERTs")
        for ins in inserts:
            source, items = select_items(ins)
            types = tables.get(norm_name(source), {})
            for item in items:
                if not (len(item) > 1 and item[1].text == "("):
                    continue  # a plain column
                function = item[0].upper
                if function == "CAST":
                    continue  # a type override's cast: a plain conversion the planner checks
                expr, column = expression(ins, item)
                label = f"line {ins.line:>4}  {expr}"
                ty = types.get(column)
                cases = samples(function, ty) if ty and function in CONVERSIONS else None
                if cases is None:
                    print(f"FAIL  {label}: no sample values for {function} of {ty or 'an unknown column'}")
                    failures += 1
                    continue
                rows = ", ".join(f"({i}, {lit})" for i, (lit, _) in enumerate(cases))
                ident = "`" + column.replace("`", "``") + "`"
                query = f"SELECT `smt_row`, {expr} FROM (VALUES {rows}) AS t(`smt_row`, {ident})"
                if args.verbose:
                    print(query)
                try:
                    got = {r[0]: r[1] for r in t_env.execute_sql(query).collect()}
                except Exception as e:  # noqa: BLE001 - report and keep going
                    print(f"FAIL  {label}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
                    failures += 1
                    continue
                wrong = [(lit, want, got.get(i)) for i, (lit, want) in enumerate(cases) if got.get(i) != want]
                evaluated += 1
                if wrong:
                    failures += 1
                    for lit, want, g in wrong:
                        print(f"FAIL  {label}: {lit} gave {g!r}, expected {want!r}")
                else:
                    print(f"OK    {label}: {len(cases)} values")
        if evaluated == 0:
            print(f"FAIL  {path}: no converting expression to evaluate")
            failures += 1
        print(f"# {path}: {evaluated} expressions evaluated")
    print(f"# {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
