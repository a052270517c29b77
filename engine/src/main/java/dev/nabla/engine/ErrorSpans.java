package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Statement;

/**
 * A position for errors the engine raises after binding without one of their own (constraint
 * violations, a duplicate table...): the object the statement works on, else the statement. Errors
 * that concern one of several names (DROP TABLE a, b; CREATE INDEX i ON t) carry their span from the
 * bound statement; nothing here reads the message.
 */
final class ErrorSpans {
    private ErrorSpans() {}

    static NablaException locate(NablaException e, Statement ast) {
        if (e.span().isKnown() || ast == null) return e;
        if (e.code() == ErrorCode.CANCELLED || e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.TRANSACTION)
            return e;
        return e.at(target(ast));
    }

    /** Where the statement names what it works on. */
    private static Span target(Statement ast) {
        return switch (ast) {
            case Statement.CreateTable c -> c.name().span();
            case Statement.CreateTableAs c -> c.name().span();
            case Statement.CreateView c -> c.name().span();
            case Statement.CreateIndex c -> c.table().span();
            case Statement.Truncate t -> t.table().span();
            case Statement.AlterTable a -> a.table().span();
            case Statement.Insert i -> i.table().span();
            case Statement.Update u -> u.table().span();
            case Statement.Delete d -> d.table().span();
            case Statement.Merge m -> m.target().span();
            case Statement.DropTable d -> d.span();
            case Statement.DropView d -> d.span();
            case Statement.DropIndex d -> d.span();
            case Statement.CreateSequence c -> c.name().span();
            case Statement.DropSequence d -> d.span();
            case Statement.QueryStatement q -> q.span();
            case Statement.Begin b -> b.span();
            case Statement.SetTransaction s -> s.span();
            case Statement.Commit c -> c.span();
            case Statement.Rollback r -> r.span();
            case Statement.SetOption s -> s.span();
            case Statement.Explain x -> x.span();
            case Statement.ShowTables s -> s.span();
            case Statement.ShowSetting s -> s.span();
            case Statement.Describe d -> d.span();
            case Statement.DescribeQuery d -> d.span();
            case Statement.ShowAll s -> s.span();
            case Statement.ShowFunctions s -> s.span();
            case Statement.Copy c -> c.span();
            case Statement.Attach a -> a.span();
            case Statement.Detach d -> d.span();
            case Statement.Use u -> u.span();
            case Statement.Checkpoint c -> c.span();
            case Statement.ExportDatabase e -> e.span();
            case Statement.ImportDatabase i -> i.span();
            case Statement.Savepoint s -> s.span();
            case Statement.RollbackToSavepoint r -> r.span();
            case Statement.ReleaseSavepoint r -> r.span();
        };
    }
}
