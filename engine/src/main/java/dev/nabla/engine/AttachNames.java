package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Statement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * Object names of a statement that address a read-write ATTACHed database ({@code o.t}, {@code o.main.t}). The
 * session sends such a statement to the attached database's own session, with {@code o.} rewritten to
 * {@code main.} there, so that what it stores (a view's text) names the file's own objects, not the attachment.
 *
 * <p>The walk is generic over the AST's records, so a new statement or clause kind is covered without a change
 * here. Column references ({@link Expression.Identifier}) are left alone: their first part is a table or an alias.
 */
@NullMarked
final class AttachNames {
    private AttachNames() {}

    /** The (lower-case) attached names the statement's object names start with. */
    static Set<String> addressed(Statement ast, Set<String> attached) {
        Set<String> found = new java.util.TreeSet<>();
        if (attached.isEmpty()) return found;
        walk(ast, q -> {
            if (q.size() >= 2) {
                String first = q.parts().getFirst().value().toLowerCase(Locale.ROOT);
                if (attached.contains(first)) found.add(first);
            }
            return q;
        });
        return found;
    }

    /**
     * The statement with {@code alias.x} and {@code alias.main.x} written {@code main.x}. With
     * {@code refuseMain}, a name qualified with {@code main} is refused: in a statement sent to the attached
     * database, unqualified names are the session's own database and {@code main} would be ambiguous.
     */
    static Statement rename(Statement ast, String alias, boolean refuseMain) {
        Statement renamed = renameNames(ast, alias, refuseMain);
        // a view keeps its query's text: store the renamed query, which names the file's own objects
        if (renamed != ast && renamed instanceof Statement.CreateView v)
            return new Statement.CreateView(
                    v.name(),
                    v.columns(),
                    v.query(),
                    v.query().toSql(),
                    v.ifNotExists(),
                    v.orReplace(),
                    v.temporary(),
                    v.span());
        return renamed;
    }

    private static Statement renameNames(Statement ast, String alias, boolean refuseMain) {
        return (Statement) java.util.Objects.requireNonNull(walk(ast, q -> {
            if (q.size() < 2) return q;
            Ident first = q.parts().getFirst();
            if (first.value().equalsIgnoreCase(alias)) {
                List<Ident> rest = q.parts().subList(1, q.size());
                if (rest.size() >= 2 && !rest.getFirst().value().equalsIgnoreCase("main"))
                    throw new NablaException(
                            ErrorCode.UNKNOWN_TABLE,
                            q.span(),
                            "schema \"" + rest.getFirst().value() + "\" does not exist in database " + alias
                                    + " (a Nabla database has one schema, main)");
                List<Ident> parts = new ArrayList<>();
                parts.add(new Ident("main", false, first.span()));
                parts.addAll(rest.size() >= 2 ? rest.subList(1, rest.size()) : rest);
                return new QualifiedName(parts, q.span());
            }
            if (refuseMain && first.value().equalsIgnoreCase("main"))
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        q.span(),
                        "in a statement that addresses the attached database " + alias
                                + ", name this session's own tables without main. ("
                                + q.last().value() + ")");
            return q;
        }));
    }

    /** How many parameters a statement takes: the highest number among its {@code ?}, {@code $n} and {@code :name}. */
    static int parameterCount(Statement ast) {
        int[] max = {0};
        visit(ast, max);
        return max[0];
    }

    private static void visit(@Nullable Object node, int[] max) {
        switch (node) {
            case null -> {}
            case Expression.Parameter p -> max[0] = Math.max(max[0], p.index());
            case List<?> list -> {
                for (Object o : list) visit(o, max);
            }
            case java.util.Optional<?> o -> o.ifPresent(v -> visit(v, max));
            case Record r -> {
                try {
                    for (RecordComponent c : r.getClass().getRecordComponents())
                        visit(c.getAccessor().invoke(r), max);
                } catch (ReflectiveOperationException e) {
                    throw new NablaException(
                            ErrorCode.INTERNAL,
                            dev.nabla.common.Span.NONE,
                            "cannot read the parameters of " + r.getClass().getSimpleName(),
                            e);
                }
            }
            default -> {}
        }
    }

    private static @Nullable Object walk(@Nullable Object node, UnaryOperator<QualifiedName> f) {
        return switch (node) {
            case null -> null;
            case QualifiedName q -> f.apply(q);
            // a column reference: o.x names table (or alias) o; only o.t.x starts with a database
            case Expression.Identifier id -> {
                QualifiedName n = id.name();
                if (n.size() < 3) yield id;
                // o.t.x is database o, table t, column x (as f reads o.t.x, o.main.t.x as a table name)
                boolean withSchema = n.size() >= 4 && n.parts().get(1).value().equalsIgnoreCase("main");
                List<Ident> table = n.parts().subList(0, withSchema ? 3 : 2);
                QualifiedName q = f.apply(new QualifiedName(table, n.span()));
                if (q.parts().equals(table)) yield id;
                List<Ident> parts = new ArrayList<>(q.parts());
                parts.addAll(n.parts().subList(table.size(), n.size()));
                yield new Expression.Identifier(new QualifiedName(parts, n.span()), id.span());
            }
            case List<?> list -> {
                List<Object> out = null;
                for (int i = 0; i < list.size(); i++) {
                    Object before = list.get(i);
                    Object after = walk(before, f);
                    if (after != before && out == null) out = new ArrayList<>(list.subList(0, i));
                    if (out != null) out.add(after);
                }
                yield out == null ? list : out;
            }
            case Record r -> rebuild(r, f);
            default -> node;
        };
    }

    private static Record rebuild(Record r, UnaryOperator<QualifiedName> f) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        @Nullable Object[] values = new Object[components.length];
        boolean changed = false;
        try {
            for (int i = 0; i < components.length; i++) {
                Object before = components[i].getAccessor().invoke(r);
                Object after = walk(before, f);
                values[i] = after;
                changed |= after != before;
            }
            if (!changed) return r;
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
            return (Record) r.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    dev.nabla.common.Span.NONE,
                    "cannot rewrite names of " + r.getClass().getSimpleName(),
                    e);
        }
    }
}
