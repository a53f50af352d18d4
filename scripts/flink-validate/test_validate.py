"""Unit tests of validate.py's SQL splitting and WITH rewriting (no Flink needed):
    python3 -m unittest -v test_validate   (from this directory)"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate as v  # noqa: E402


def texts(sql):
    return [s.text for s in v.split_statements(sql)]


class SplitTest(unittest.TestCase):
    def test_simple(self):
        self.assertEqual(texts("-- head\nCREATE DATABASE a;\n\nINSERT INTO t SELECT 1;\n"),
                         ["CREATE DATABASE a", "INSERT INTO t SELECT 1"])

    def test_semicolons_and_quotes_in_literals_identifiers_comments(self):
        sql = ("CREATE TABLE `a;b``c` (`x;` INT) WITH ('k' = 'v;''w', 'p' = '--x');\n"
               "-- a comment; with 'quote\n"
               "/* block; ` */ INSERT INTO `a;b``c` SELECT 1 /* ; */;\n"
               "SELECT \"q;\"\"\" ;")
        self.assertEqual(texts(sql), [
            "CREATE TABLE `a;b``c` (`x;` INT) WITH ('k' = 'v;''w', 'p' = '--x')",
            "INSERT INTO `a;b``c` SELECT 1",
            'SELECT "q;"""',
        ])

    def test_statement_set(self):
        sql = ("CREATE TABLE s (a INT) WITH ('connector' = 'x');\n"
               "EXECUTE STATEMENT SET\nBEGIN\n"
               "INSERT INTO t1 SELECT CASE WHEN a > 0 THEN a ELSE 0 END FROM s;\n"
               "INSERT INTO t2 (a) SELECT a FROM s WHERE a = CASE a WHEN 1 THEN 2 END;\n"
               "END;\n"
               "INSERT INTO t3 SELECT 'end;' FROM s;\n")
        stmts = v.split_statements(sql)
        self.assertEqual(len(stmts), 3)
        self.assertTrue(stmts[1].is_statement_set)
        self.assertTrue(stmts[1].text.startswith("EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO t1"))
        self.assertTrue(stmts[1].text.endswith("END;\nEND"))
        inner = v.statement_set_inserts(stmts[1])
        self.assertEqual([v.insert_target(x) for x in inner], [["t1"], ["t2"]])
        self.assertEqual(inner[1].line, 5)
        self.assertEqual(stmts[2].text, "INSERT INTO t3 SELECT 'end;' FROM s")

    def test_legacy_statement_set(self):
        stmts = v.split_statements("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\n")
        self.assertEqual(len(stmts), 1)
        self.assertEqual([x.text for x in v.statement_set_inserts(stmts[0])],
                         ["INSERT INTO a SELECT 1", "INSERT INTO b SELECT 2"])

    def test_errors(self):
        for bad in ["SELECT 'x;", "SELECT `x;", "SELECT 1 /* x", "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"]:
            with self.assertRaises(v.SqlSyntaxError, msg=bad):
                v.split_statements(bad)

    def test_unterminated_last_statement(self):
        stmts = v.split_statements("CREATE DATABASE a;\nINSERT INTO t SELECT 1\n-- trailing\n")
        self.assertEqual([s.terminated for s in stmts], [True, False])
        self.assertEqual(stmts[1].text, "INSERT INTO t SELECT 1")


class CreateTableTest(unittest.TestCase):
    SQL = ("CREATE TABLE IF NOT EXISTS `default_catalog`.`d`.`t``x_src` (\n"
           "  `id` DECIMAL(20, 0) NOT NULL,\n  `a` ARRAY<STRING> NULL,\n"
           "  PRIMARY KEY (`id`) NOT ENFORCED\n) WITH (\n"
           "  'connector' = 'mysql-cdc',\n  'password' = 'p''w;)',\n  'sep' = '\\x01'\n);")

    def test_options_and_rewrite(self):
        (s,) = v.split_statements(self.SQL)
        name, opts, wopen, wclose = v.create_table_info(s)
        self.assertEqual(name, ["default_catalog", "d", "t`x_src"])
        self.assertEqual(opts, {"connector": "mysql-cdc", "password": "p'w;)", "sep": "\\x01"})
        out = v.rewrite_with(s, wopen, wclose, [("connector", "print"), ("path", "it's")])
        head = self.SQL[: self.SQL.index("WITH (") + len("WITH (")]
        self.assertTrue(out.startswith(head))
        self.assertTrue(out.endswith("\n  'connector' = 'print',\n  'path' = 'it''s'\n)"))

    def test_bad_options(self):
        for bad in ["CREATE TABLE t (a INT) WITH ('a' = 'b' 'c' = 'd')",
                    "CREATE TABLE t (a INT) WITH ('a' = 'b', 'a' = 'c')",
                    "CREATE TABLE t (a INT) WITH (a = 'b')"]:
            (s,) = v.split_statements(bad)
            with self.assertRaises(v.SqlSyntaxError, msg=bad):
                v.create_table_info(s)

    def test_names(self):
        self.assertEqual(v.norm_name(["t"]), ("default_catalog", "default_database", "t"))
        self.assertEqual(v.show_name(["default_catalog", "d", "a;b`c"]), "default_catalog.d.`a;b``c`")


if __name__ == "__main__":
    unittest.main()
