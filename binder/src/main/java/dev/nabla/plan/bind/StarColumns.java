package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import java.util.List;

/**
 * A star's columns with DuckDB's modifiers desugared: {@code * EXCLUDE (a)} leaves {@code a} out and
 * {@code * REPLACE (expr AS a)} puts {@code expr} (named {@code a}) in {@code a}'s place. Every name in either list
 * must be a column of the star, and a column may not be both excluded and replaced.
 */
final class StarColumns {
    private StarColumns() {}

    /**
     * Appends the star's columns to a select list's shape: per column its expression (the replacement, or null
     * for a plain column), its name and (for a plain column) its reference.
     */
    static void expand(
            List<Field> fields,
            List<Ident> exclude,
            List<SelectItem.Replacement> replace,
            Span span,
            List<Expression> itemExprs,
            List<String> names,
            List<Expr> starRefs) {
        for (Ident x : exclude) requireColumn(fields, x, "EXCLUDE");
        for (SelectItem.Replacement r : replace) {
            requireColumn(fields, r.column(), "REPLACE");
            for (Ident x : exclude)
                if (x.matches(r.column().value()))
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            r.column().span(),
                            "column \"" + r.column().value() + "\" is both excluded and replaced");
        }
        for (Field f : fields) {
            if (exclude.stream().anyMatch(x -> x.matches(f.name()))) continue;
            SelectItem.Replacement r = replace.stream()
                    .filter(x -> x.column().matches(f.name()))
                    .findFirst()
                    .orElse(null);
            names.add(f.name());
            if (r != null) {
                itemExprs.add(r.expr());
                starRefs.add(null);
            } else {
                itemExprs.add(null);
                starRefs.add(new ColumnRef(f.column().id(), f.name(), f.column().type(), span));
            }
        }
    }

    private static void requireColumn(List<Field> fields, Ident name, String clause) {
        for (Field f : fields) if (name.matches(f.name())) return;
        throw new NablaException(
                ErrorCode.UNKNOWN_COLUMN,
                name.span(),
                "column \"" + name.value() + "\" in " + clause + " list not found in the star's columns");
    }
}
