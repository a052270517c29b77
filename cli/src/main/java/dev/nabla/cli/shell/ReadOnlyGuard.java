package dev.nabla.cli.shell;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.Statement;

/**
 * {@code nabla -readonly} (sqlite3's and DuckDB's flag): statements that would change the database are refused
 * with SQLSTATE 25006 before they run. The statement is parsed to decide; what does not parse is left to the
 * engine, which reports the syntax error itself.
 */
final class ReadOnlyGuard {
    private ReadOnlyGuard() {}

    static void check(String sql) {
        Statement st;
        try {
            st = Parser.parseStatement(sql);
        } catch (NablaException e) {
            return; // the engine reports it, with its position
        }
        if (!reads(st))
            throw new NablaException(
                    ErrorCode.READ_ONLY,
                    "the shell is read-only (-readonly): this statement would change the database");
    }

    /**
     * Statements that only read. A list of what is allowed rather than a switch over every statement: a kind of
     * statement added later is refused until someone decides it only reads.
     */
    private static boolean reads(Statement st) {
        if (st instanceof Statement.Explain e) return !e.analyze() || reads(e.statement());
        if (st instanceof Statement.Copy c) return c.direction() == Statement.CopyDirection.TO; // writes a file only
        return st instanceof Statement.QueryStatement
                || st instanceof Statement.ShowTables
                || st instanceof Statement.ShowSetting
                || st instanceof Statement.ShowAll
                || st instanceof Statement.ShowFunctions
                || st instanceof Statement.DescribeQuery
                || st instanceof Statement.ExportDatabase // reads the database, writes files (as COPY TO)
                || st instanceof Statement.Describe
                || st instanceof Statement.SetOption
                || st instanceof Statement.Begin
                || st instanceof Statement.SetTransaction
                || st instanceof Statement.Commit
                || st instanceof Statement.Rollback
                || st instanceof Statement.Attach
                || st instanceof Statement.Detach
                || st instanceof Statement.Use;
    }
}
