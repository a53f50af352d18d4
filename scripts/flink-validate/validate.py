#!/usr/bin/env python3
"""Check that a smt-rs flink-create.*.sql file is accepted by the Flink planner.

usage: validate.py [--source changelog|datagen] [--sink print|blackhole] [--strict] [-v] FILE.sql

Run it with the python of a virtualenv that has `apache-flink` installed (see run.sh).

The connector jars of the generated job (mysql-cdc, starrocks) are not available offline, so every
CREATE TABLE gets its WITH (...) options replaced by a built-in connector; the column list, types,
nullability and PRIMARY KEY ... NOT ENFORCED are kept byte-for-byte:

  source tables ('connector' = 'mysql-cdc' / any '*-cdc', or an unknown connector on a table that
  is never an INSERT target):
      changelog (default): 'connector' = 'filesystem', 'format' = 'debezium-json', 'path' = <empty
          temp dir>. Like mysql-cdc this is a changelog source (+I/-U/+U/-D) with the declared
          primary key, so the planner's upsert-key checks see what they would see in production.
      datagen: 'connector' = 'datagen' (insert-only; hides upsert-key problems; for comparison).
  sink tables ('connector' = 'starrocks', or an unknown connector on an INSERT target):
      print (default, accepts every changelog kind like the StarRocks sink) or blackhole.
  built-in connectors (datagen, print, blackhole, filesystem) are left alone.

Then CREATE DATABASE / CREATE TABLE / other DDL are executed with a streaming TableEnvironment,
every INSERT is planned with explain_sql(<exact INSERT text>), and every
EXECUTE STATEMENT SET BEGIN ... END is planned with execute_sql('EXPLAIN ' + <exact text>)
(and, should that form not be understood, with a StatementSet of its INSERTs).
Nothing is executed: no job is started.

Prints one line per statement (OK/WARN/FAIL) and exits 1 if any statement failed, 2 on usage errors.
"""

import argparse
import os
import re
import shutil
import sys
import tempfile

# ---------------------------------------------------------------------------------------------
# Lexer: just enough of Flink SQL to split statements and find the WITH (...) option list safely.
# ---------------------------------------------------------------------------------------------

WS, COMMENT, WORD, STRING, IDENT, DQUOTE, PUNCT = "ws", "comment", "word", "string", "ident", "dquote", "punct"


class Token:
    __slots__ = ("kind", "text", "start", "end", "line")

    def __init__(self, kind, text, start, end, line):
        self.kind, self.text, self.start, self.end, self.line = kind, text, start, end, line

    @property
    def upper(self):
        return self.text.upper() if self.kind == WORD else None

    def __repr__(self):
        return f"Token({self.kind},{self.text!r},line {self.line})"


class SqlSyntaxError(Exception):
    pass


_WORD_RE = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")
_WS_RE = re.compile(r"\s+")


def tokenize(src):
    """Split SQL text into tokens. Quoted things: 'string' ('' doubles), `ident` (`` doubles),
    "dquoted" ("" doubles). Comments: -- to end of line, /* ... */ (also /*+ hints */)."""
    toks = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        start, start_line = i, line
        if c.isspace():
            m = _WS_RE.match(src, i)
            i = m.end()
            kind = WS
        elif src.startswith("--", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            kind = COMMENT
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            if j < 0:
                raise SqlSyntaxError(f"line {line}: unterminated /* comment")
            i = j + 2
            kind = COMMENT
        elif c in "'`\"":
            q = c
            j = i + 1
            while True:
                k = src.find(q, j)
                if k < 0:
                    what = {"'": "string literal", "`": "backtick identifier", '"': "double-quoted text"}[q]
                    raise SqlSyntaxError(f"line {line}: unterminated {what}")
                if k + 1 < n and src[k + 1] == q:  # doubled quote = literal quote character
                    j = k + 2
                    continue
                i = k + 1
                break
            kind = {"'": STRING, "`": IDENT, '"': DQUOTE}[q]
        else:
            m = _WORD_RE.match(src, i)
            if m:
                i = m.end()
                kind = WORD
            else:
                i += 1
                kind = PUNCT
        text = src[start:i]
        line += text.count("\n")
        toks.append(Token(kind, text, start, i, start_line))
    return toks


def unquote(tok):
    if tok.kind == STRING:
        return tok.text[1:-1].replace("''", "'")
    if tok.kind == IDENT:
        return tok.text[1:-1].replace("``", "`")
    if tok.kind == DQUOTE:
        return tok.text[1:-1].replace('""', '"')
    return tok.text


def quote_str(s):
    return "'" + s.replace("'", "''") + "'"


def significant(toks):
    return [t for t in toks if t.kind not in (WS, COMMENT)]


class Statement:
    def __init__(self, src, toks, terminated):
        sig = significant(toks)
        self.src = src
        self.tokens = toks
        self.sig = sig
        self.line = sig[0].line if sig else (toks[0].line if toks else 0)
        # exact text of the statement: first significant token .. last one before the ';'
        self.text = src[sig[0].start:sig[-1].end] if sig else ""
        self.terminated = terminated
        self.words = [t.upper for t in sig[:6]]

    def starts_with(self, *words):
        return self.words[: len(words)] == list(words)

    @property
    def is_statement_set(self):
        return self.starts_with("EXECUTE", "STATEMENT", "SET") or self.starts_with("STATEMENT", "SET")


def split_statements(src):
    """Split a script into statements at top-level ';'. Inside EXECUTE STATEMENT SET BEGIN ... END
    the inner ';' do not end the statement; the top-level END (not the END of a CASE) followed by ';'
    does. The legacy SQL-client form `BEGIN STATEMENT SET; ...; END;` is folded into one statement."""
    toks = tokenize(src)
    stmts, cur = [], []
    head = []  # upper-cased first significant words of the current statement (at most 4)
    last_sig = None  # last significant token of the current statement
    in_set = False  # inside EXECUTE STATEMENT SET BEGIN ... END
    case_depth = 0
    case_end = None  # the last END token that closed a CASE
    legacy_set = None  # inner statements of a `BEGIN STATEMENT SET;` block
    legacy_line = 0
    for tok in toks:
        if tok.kind == PUNCT and tok.text == ";":
            if in_set:
                if last_sig is not None and last_sig.upper == "END" and last_sig is not case_end:
                    stmts.append(Statement(src, cur, True))
                    cur, head, last_sig, in_set = [], [], None, False
                else:
                    cur.append(tok)  # an inner ';' of the statement set
                    last_sig = tok
                continue
            if legacy_set is not None:
                if head == ["END"]:
                    stmts.append(LegacySetStatement(src, legacy_set, legacy_line))
                    legacy_set = None
                elif head:
                    legacy_set.append(Statement(src, cur, True))
            elif head == ["BEGIN", "STATEMENT", "SET"]:
                legacy_set, legacy_line = [], significant(cur)[0].line
            elif head:
                stmts.append(Statement(src, cur, True))
            cur, head, last_sig = [], [], None
            continue
        cur.append(tok)
        if tok.kind in (WS, COMMENT):
            continue
        last_sig = tok
        if len(head) < 4:
            head.append(tok.upper)
            if not in_set and (head == ["EXECUTE", "STATEMENT", "SET", "BEGIN"]
                               or head == ["STATEMENT", "SET", "BEGIN"]):
                in_set, case_depth = True, 0
        elif in_set and tok.kind == WORD:
            u = tok.upper
            if u == "CASE":
                case_depth += 1
            elif u == "END" and case_depth > 0:
                case_depth -= 1
                case_end = tok
    if in_set:
        raise SqlSyntaxError(f"line {significant(cur)[0].line}: EXECUTE STATEMENT SET BEGIN without END;")
    if legacy_set is not None:
        raise SqlSyntaxError("BEGIN STATEMENT SET; without END;")
    if head:
        stmts.append(Statement(src, cur, False))
    return stmts


class LegacySetStatement:
    """`BEGIN STATEMENT SET; INSERT ...; INSERT ...; END;` (SQL-client syntax)."""

    def __init__(self, src, inner, line):
        self.inner = inner
        self.sig = []
        self.line = line
        self.text = "BEGIN STATEMENT SET; " + "; ".join(s.text for s in inner) + "; END"
        self.terminated = True
        self.words = ["BEGIN", "STATEMENT", "SET"]
        self.is_statement_set = True
        self.src = src

    def starts_with(self, *words):
        return self.words[: len(words)] == list(words)


def statement_set_inserts(stmt):
    """Inner INSERT statements (as Statement objects) of a statement set."""
    if isinstance(stmt, LegacySetStatement):
        return stmt.inner
    sig = stmt.sig
    # skip EXECUTE? STATEMENT SET BEGIN
    k = 0
    while k < len(sig) and sig[k].upper != "BEGIN":
        k += 1
    body_start = sig[k].end
    body_end = sig[-1].start  # the final END
    body = stmt.src[body_start:body_end]
    # re-split the body with the same lexer, offsets relative to the file
    prefix = stmt.src[:body_start]
    pad = re.sub(r"[^\n]", " ", prefix)  # keep line numbers and offsets
    return split_statements(pad + body)


def qualified_name_after(sig, idx):
    """Read a (possibly dotted, quoted) object name starting at sig[idx]; returns (parts, next_idx)."""
    parts = []
    i = idx
    while i < len(sig):
        t = sig[i]
        if t.kind in (IDENT, WORD, DQUOTE):
            parts.append(unquote(t) if t.kind != WORD else t.text)
            i += 1
            if i < len(sig) and sig[i].kind == PUNCT and sig[i].text == ".":
                i += 1
                continue
        break
    return parts, i


def create_table_info(stmt):
    """For CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (...) WITH (...):
    returns (name_parts, options dict (ordered), with_open_tok, with_close_tok) or None."""
    sig = stmt.sig
    i = 1
    if i < len(sig) and sig[i].upper == "TEMPORARY":
        i += 1
    if i >= len(sig) or sig[i].upper != "TABLE":
        return None
    i += 1
    if [t.upper for t in sig[i:i + 3]] == ["IF", "NOT", "EXISTS"]:
        i += 3
    name, i = qualified_name_after(sig, i)
    depth = 0
    with_open = with_close = None
    j = i
    while j < len(sig):
        t = sig[j]
        if t.kind == PUNCT and t.text == "(":
            depth += 1
        elif t.kind == PUNCT and t.text == ")":
            depth -= 1
        elif depth == 0 and t.upper == "WITH" and j + 1 < len(sig) and sig[j + 1].text == "(":
            with_open = j + 1
            d = 0
            for k in range(j + 1, len(sig)):
                if sig[k].kind == PUNCT and sig[k].text == "(":
                    d += 1
                elif sig[k].kind == PUNCT and sig[k].text == ")":
                    d -= 1
                    if d == 0:
                        with_close = k
                        break
            break
        j += 1
    opts = {}
    if with_open is not None:
        if with_close is None:
            raise SqlSyntaxError(f"line {sig[with_open].line}: unbalanced WITH (")
        body = sig[with_open + 1:with_close]
        k = 0
        while k < len(body):
            if k + 2 >= len(body) or body[k].kind != STRING or body[k + 1].text != "=" or body[k + 2].kind != STRING:
                raise SqlSyntaxError(
                    f"line {body[k].line}: WITH options must be 'key' = 'value' pairs, got {body[k].text!r}")
            key = unquote(body[k])
            if key in opts:
                raise SqlSyntaxError(f"line {body[k].line}: duplicate option '{key}'")
            opts[key] = unquote(body[k + 2])
            k += 3
            if k < len(body):
                if body[k].text != ",":
                    raise SqlSyntaxError(f"line {body[k].line}: expected ',' between options, got {body[k].text!r}")
                k += 1
                if k >= len(body):
                    raise SqlSyntaxError(f"line {body[k - 1].line}: trailing ',' in WITH options")
    return name, opts, (sig[with_open] if with_open is not None else None), \
        (sig[with_close] if with_close is not None else None)


def rewrite_with(stmt, wopen, wclose, new_opts):
    """The statement's exact text with only the inside of WITH ( ... ) replaced by new_opts."""
    body = ",\n".join(f"  {quote_str(k)} = {quote_str(v)}" for k, v in new_opts)
    return stmt.src[stmt.sig[0].start:wopen.end] + "\n" + body + "\n" + stmt.src[wclose.start:stmt.sig[-1].end]


# mysql-cdc metadata columns (`_db STRING METADATA FROM 'database_name' VIRTUAL`) → a key the
# stand-in source offers with a compatible type, so planning sees the same column types.
CDC_METADATA = {"database_name": "file.path", "table_name": "file.name", "op_ts": "file.modification-time"}


def replace_cdc_metadata(text, source_kind):
    def sub(m):
        key = m.group(1)
        if source_kind != "changelog" or key not in CDC_METADATA:
            return m.group(0)
        return f"METADATA FROM '{CDC_METADATA[key]}'"
    return re.sub(r"METADATA\s+FROM\s+'([^']*)'", sub, text, flags=re.IGNORECASE)


def insert_target(stmt):
    sig = stmt.sig
    if not sig or sig[0].upper not in ("INSERT", "EXECUTE"):
        return None
    i = 0
    if sig[0].upper == "EXECUTE":
        i = 1
    if i + 1 < len(sig) and sig[i].upper == "INSERT" and sig[i + 1].upper in ("INTO", "OVERWRITE"):
        name, _ = qualified_name_after(sig, i + 2)
        return name
    return None


def norm_name(parts):
    """Case-sensitive identity of a table; unqualified names are resolved against the defaults."""
    parts = list(parts)
    if len(parts) == 1:
        parts = ["default_catalog", "default_database"] + parts
    elif len(parts) == 2:
        parts = ["default_catalog"] + parts
    return tuple(parts)


JOB_WORDS = {"INSERT", "EXECUTE", "UPSERT", "SELECT", "WITH", "VALUES", "REPLACE", "BEGIN", "STATEMENT", "TABLE"}


def top_level_as(stmt):
    depth = 0
    for t in stmt.sig:
        if t.kind == PUNCT and t.text == "(":
            depth += 1
        elif t.kind == PUNCT and t.text == ")":
            depth -= 1
        elif depth == 0 and t.upper == "AS":
            return True
    return False


BUILTIN_CONNECTORS = {"datagen", "print", "blackhole", "filesystem"}
SOURCE_CONNECTORS = {"mysql-cdc"}
SINK_CONNECTORS = {"starrocks"}


# ---------------------------------------------------------------------------------------------
# Flink side
# ---------------------------------------------------------------------------------------------

def error_text(exc):
    """First line of the Java exception (and of its root cause when that says more)."""
    lines = []
    jexc = getattr(exc, "java_exception", None)
    if jexc is not None:
        try:
            cur, seen = jexc, 0
            while cur is not None and seen < 20:
                msg = cur.toString()
                lines.append(msg)
                nxt = cur.getCause()
                if nxt is None or nxt.equals(cur):
                    break
                cur, seen = nxt, seen + 1
        except Exception:  # pragma: no cover - py4j trouble, fall back to str()
            lines = []
    if not lines:
        text = str(exc)
        # py4j: "An error occurred while calling o8.explainSql.\n: org.apache...: message"
        m = re.search(r"^: (.*)$", text, re.M)
        lines = [m.group(1) if m else text]
    def head(msg):
        msg_lines = [x.strip() for x in msg.strip().splitlines() if x.strip()]
        if not msg_lines:
            return ""
        out = msg_lines[0]
        # Flink puts the useful part of some messages on a second line ("Cause: ...").
        cause = [x for x in msg_lines[1:4] if x.startswith("Cause:")]
        if cause:
            out += " " + cause[0]
        return re.sub(r"^(?:org\.apache|java|scala)\.[\w.$]+\.(\w+(?:Exception|Error)): ", r"\1: ", out)

    first = head(lines[0])
    root = head(lines[-1]) if len(lines) > 1 else ""
    if root and root not in first:
        return f"{first} | caused by: {root}"
    return first


class PlanError(Exception):
    pass


def explain_parsed(t_env, text):
    """Parse `text` with the TableEnvironment's parser (no execution) and explain the operations.
    Uses internal (but stable since 1.14) API: TableEnvironmentInternal.getParser()/explainInternal."""
    from pyflink.java_gateway import get_gateway
    j_tenv = t_env._j_tenv
    ops = j_tenv.getParser().parse(text)
    if ops.size() != 1:
        raise PlanError(f"parsed into {ops.size()} operations, expected 1")
    op = ops.get(0)
    cls = op.getClass().getSimpleName()
    if cls != "StatementSetOperation":
        raise PlanError(f"parsed into a {cls}, expected a StatementSetOperation")
    gw = get_gateway()
    no_details = gw.new_array(gw.jvm.org.apache.flink.table.api.ExplainDetail, 0)
    return j_tenv.explainInternal(op.getOperations(), no_details)


def plan_statement_set(t_env, stmt, inner):
    """Plan a statement set without running it. Returns (plan text, note)."""
    if isinstance(stmt, LegacySetStatement):
        ss = t_env.create_statement_set()
        for x in inner:
            ss.add_insert_sql(x.text)
        return ss.explain(), " [SQL-client BEGIN STATEMENT SET; ... END; planned as a StatementSet]"
    try:
        rows = t_env.execute_sql("EXPLAIN " + stmt.text).collect()
        return "\n".join(str(r[0]) for r in rows), ""
    except Exception as e1:
        # Flink 1.20's EXPLAIN grammar does not take the EXECUTE keyword before STATEMENT SET.
        # Parse the exact text with the table environment's own SQL parser (what execute_sql does
        # before running it) and plan the resulting operations.
        try:
            plan = explain_parsed(t_env, stmt.text)
        except Exception as e2:
            raise PlanError(error_text(e2)) from e2
        if "EXECUTE" in error_text(e1):
            why = "this Flink's EXPLAIN does not take EXECUTE STATEMENT SET"
        else:
            why = "EXPLAIN failed: " + error_text(e1)[:80]
        return plan, f" [{why}; parsed with the table parser and planned]"


_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def show_name(parts):
    return ".".join(p if _PLAIN_NAME.match(p) else "`" + p.replace("`", "``") + "`" for p in parts)


def describe(stmt):
    w = [x for x in stmt.words if x]
    if stmt.is_statement_set:
        return "EXECUTE STATEMENT SET" if w[:1] == ["EXECUTE"] else " ".join(w[:3])
    sig = stmt.sig
    if w[:1] == ["CREATE"]:
        k = 1
        while k < len(sig) and sig[k].upper in ("TEMPORARY", "SYSTEM"):
            k += 1
        kind = sig[k].upper if k < len(sig) else ""
        k += 1
        if [t.upper for t in sig[k:k + 3]] == ["IF", "NOT", "EXISTS"]:
            k += 3
        name, _ = qualified_name_after(sig, k)
        return f"CREATE {kind} " + show_name(name)
    if w[:1] in (["INSERT"], ["EXECUTE"]):
        t = insert_target(stmt)
        if t:
            return "INSERT INTO " + show_name(t)
    return " ".join(t.text for t in stmt.sig[:3])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--source", choices=["changelog", "datagen"], default="changelog",
                    help="replacement for mysql-cdc sources (default: changelog = filesystem+debezium-json)")
    ap.add_argument("--sink", choices=["print", "blackhole"], default="print",
                    help="replacement for starrocks sinks (default: print)")
    ap.add_argument("--strict", action="store_true",
                    help="treat upsertMaterialize=[true] in a plan (query upsert key differs from the sink "
                         "primary key; Flink 2.x without ON CONFLICT rejects this) as a failure")
    ap.add_argument("-v", "--verbose", action="store_true", help="print rewritten DDL and full plans/errors")
    args = ap.parse_args(argv)

    try:
        with open(args.file, encoding="utf-8") as f:
            src = f.read()
    except OSError as e:
        print(f"validate.py: {e}", file=sys.stderr)
        return 2

    try:
        stmts = split_statements(src)
    except SqlSyntaxError as e:
        print(f"FAIL  {args.file}: cannot split into statements: {e}")
        return 1
    if not stmts:
        print(f"FAIL  {args.file}: no statements")
        return 1

    # Which tables are written to? (decides the role of tables with an unknown connector)
    targets = set()
    for s in stmts:
        inner = statement_set_inserts(s) if s.is_statement_set else [s]
        for x in inner:
            t = insert_target(x)
            if t:
                targets.add(norm_name(t))

    import warnings as _w
    _w.filterwarnings("ignore", message="pkg_resources is deprecated")  # apache-beam import noise
    import pyflink  # noqa: imported late so that --help works without it
    from pyflink.table import EnvironmentSettings, TableEnvironment

    try:
        import importlib.metadata as md
        version = md.version("apache-flink")
    except Exception:
        version = getattr(pyflink, "__version__", "?")

    tmp_root = tempfile.mkdtemp(prefix="smt-rs-flink-validate-")
    failures = warnings = 0
    try:
        t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
        t_env.get_config().set("parallelism.default", "1")
        print(f"# {args.file}: {len(stmts)} statements, Flink {version}, sources -> "
              f"{'filesystem/debezium-json (changelog)' if args.source == 'changelog' else 'datagen (insert-only)'}"
              f", sinks -> {args.sink}")
        n_src = 0
        for s in stmts:
            label = f"line {s.line:>4}  {describe(s)}"
            note = ""
            try:
                if not s.terminated:
                    note = " (no terminating ';')"
                if s.starts_with("CREATE") and "TABLE" in s.words[:5] and "VIEW" not in s.words[:5] \
                        and top_level_as(s):
                    raise SqlSyntaxError("CREATE ... AS SELECT is not supported by validate.py (it would run a job)")
                if s.starts_with("CREATE") and create_table_info(s) is not None:
                    name, opts, wopen, wclose = create_table_info(s)
                    conn = opts.get("connector")
                    key = norm_name(name)
                    if conn in SOURCE_CONNECTORS or (conn and conn.endswith("-cdc")):
                        role = "source"
                    elif conn in SINK_CONNECTORS:
                        role = "sink"
                    elif conn in BUILTIN_CONNECTORS:
                        role = "keep"
                    else:
                        role = "sink" if key in targets else "source"
                    if wopen is None and role != "keep":
                        raise SqlSyntaxError("CREATE TABLE without WITH (...) options")
                    if role == "source":
                        if args.source == "changelog":
                            d = os.path.join(tmp_root, f"src{n_src}")
                            os.makedirs(d)
                            n_src += 1
                            new_opts = [("connector", "filesystem"), ("format", "debezium-json"),
                                        ("path", "file://" + d)]
                        else:
                            new_opts = [("connector", "datagen"), ("number-of-rows", "1")]
                    elif role == "sink":
                        new_opts = [("connector", args.sink)]
                    else:
                        new_opts = None
                    if new_opts is not None:
                        text = rewrite_with(s, wopen, wclose, new_opts)
                        note = f" [{conn} -> {new_opts[0][1]}]" + note
                        if role == "source":
                            text = replace_cdc_metadata(text, args.source)
                    else:
                        text = s.text
                    if args.verbose:
                        print(text)
                    t_env.execute_sql(text)
                elif s.is_statement_set:
                    inner = statement_set_inserts(s)
                    bad = [x for x in inner if insert_target(x) is None]
                    if bad:
                        raise SqlSyntaxError(f"line {bad[0].line}: statement set may only contain INSERTs")
                    plan, how = plan_statement_set(t_env, s, inner)
                    note = how + note
                    note = f" ({len(inner)} INSERTs)" + note
                    if "upsertMaterialize=[true]" in plan:
                        note += " upsertMaterialize=[true]: a query upsert key differs from the sink primary key"
                        if args.strict:
                            raise RuntimeError(note.strip())
                        warnings += 1
                    if args.verbose:
                        print(plan)
                elif insert_target(s) is not None:
                    plan = t_env.explain_sql(s.text)
                    if "upsertMaterialize=[true]" in plan:
                        note += " upsertMaterialize=[true]: query upsert key differs from the sink primary key"
                        if args.strict:
                            raise RuntimeError(note.strip())
                        warnings += 1
                    if args.verbose:
                        print(plan)
                elif s.words[:1] and s.words[0] in JOB_WORDS:
                    # anything else that could start a job is only planned, never executed
                    t_env.explain_sql(s.text)
                else:
                    # CREATE DATABASE / VIEW / FUNCTION, USE, SET, ... : executed as is.
                    t_env.execute_sql(s.text)
                status = "WARN" if "upsertMaterialize" in note else "OK  "
                print(f"{status}  {label}{note}")
            except Exception as e:  # noqa: BLE001 - report everything, keep going
                failures += 1
                msg = str(e) if isinstance(e, (SqlSyntaxError, RuntimeError, PlanError)) else error_text(e)
                print(f"FAIL  {label}: {msg}")
                if args.verbose and not isinstance(e, SqlSyntaxError):
                    print(str(e))
        print(f"# {len(stmts) - failures} ok, {failures} failed, {warnings} warnings")
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
