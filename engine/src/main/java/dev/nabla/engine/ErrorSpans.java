package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Gives a position to errors the engine raises after binding (duplicate tables, constraint
 * violations...): the name of the object the statement works on, else the statement itself.
 */
final class ErrorSpans {
    private ErrorSpans() {}

    static NablaException locate(NablaException e, Statement ast) {
        if (e.span().isKnown() || ast == null) return e;
        if (e.code() == ErrorCode.CANCELLED || e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.TRANSACTION) return e;
        Span span = where(ast, e.getMessage());
        if (span == null || !span.isKnown()) return e;
        NablaException located = new NablaException(e.code(), span, e.getMessage(), e.getCause());
        located.setStackTrace(e.getStackTrace());
        return located;
    }

    private static Span where(Statement ast, String message) {
        return switch (ast) {
            case Statement.CreateTable c -> c.name().span();
            case Statement.CreateTableAs c -> c.name().span();
            case Statement.CreateView c -> c.name().span();
            case Statement.CreateIndex c -> message.startsWith("index") ? c.name().span() : c.table().span();
            case Statement.DropTable d -> named(d.names(), message, d.span());
            case Statement.DropView d -> named(d.names(), message, d.span());
            case Statement.DropIndex d -> named(d.names(), message, d.span());
            case Statement.Truncate t -> t.table().span();
            case Statement.AlterTable a -> message.startsWith("column") || message.startsWith("cannot drop") ? a.span() : a.table().span();
            case Statement.Insert i -> i.table().span();
            case Statement.Update u -> u.table().span();
            case Statement.Delete d -> d.table().span();
            case Statement.Merge m -> m.target().span();
            default -> ast.span();
        };
    }

    /** The name the message quotes, else the statement. */
    private static Span named(List<QualifiedName> names, String message, Span fallback) {
        for (QualifiedName n : names) {
            String last = n.parts().get(n.parts().size() - 1).value().toLowerCase(Locale.ROOT);
            if (message.toLowerCase(Locale.ROOT).contains("\"" + last + "\"")) return n.span();
        }
        return fallback;
    }
}
