package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.ColumnDef;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableConstraint;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The catalog statements: CREATE TABLE (columns, types, defaults, constraints, identity/serial
 * columns), ALTER TABLE and CREATE VIEW (checked by binding its query once). Part of {@link Binder},
 * which dispatches to it.
 */
final class DdlBinder {
    private final BindState state;
    private final QueryBinder queries;
    private final ExprBinder exprs;

    DdlBinder(BindState state, QueryBinder queries) {
        this.state = state;
        this.queries = queries;
        this.exprs = queries.exprs;
    }

    BoundStatement createTable(Statement.CreateTable ct) {
        List<BoundStatement.ColumnSpec> cols = new ArrayList<>();
        List<String> pk = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ColumnDef cd : ct.columns()) {
            String name = cd.name().value();
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new NablaException(
                        ErrorCode.DUPLICATE_OBJECT,
                        cd.name().span(),
                        "column \"" + name + "\" specified more than once");
            }
            if (cd.primaryKey()) pk.add(name);
            cols.add(columnSpec(cd, ct.name().last().value()));
        }
        String table = ct.name().last().value();
        List<Column> row = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (BoundStatement.ColumnSpec s : cols) {
            Column col = new Column(state.ids.next(), s.name(), table, s.type(), true);
            row.add(col);
            fields.add(new Field(table, null, col, false));
        }
        List<BoundStatement.CheckSpec> checks = new ArrayList<>();
        List<BoundStatement.UniqueSpec> uniques = new ArrayList<>();
        List<BoundStatement.ForeignKeySpec> fks = new ArrayList<>();
        Set<String> constraintNames = new HashSet<>();
        for (ColumnDef cd : ct.columns()) {
            for (dev.nabla.parser.ast.ColumnConstraint cc : cd.constraints()) {
                switch (cc) {
                    case dev.nabla.parser.ast.ColumnConstraint.Check ch ->
                        checks.add(bindCheck(
                                table, ch.name(), List.of(cd.name().value()), ch.condition(), fields, constraintNames));
                    case dev.nabla.parser.ast.ColumnConstraint.Unique u ->
                        uniques.add(new BoundStatement.UniqueSpec(
                                constraintName(
                                        u.name(), table, List.of(cd.name().value()), "key", constraintNames),
                                List.of(cd.name().value())));
                    case dev.nabla.parser.ast.ColumnConstraint.References r ->
                        fks.add(foreignKey(table, r.name(), List.of(cd.name()), r, cols, constraintNames));
                    // bound with the column itself (nullability, key, default, identity, collation)
                    case dev.nabla.parser.ast.ColumnConstraint.NotNull _ -> {}
                    case dev.nabla.parser.ast.ColumnConstraint.Nullable _ -> {}
                    case dev.nabla.parser.ast.ColumnConstraint.PrimaryKey _ -> {}
                    case dev.nabla.parser.ast.ColumnConstraint.Default _ -> {}
                    case dev.nabla.parser.ast.ColumnConstraint.Identity _ -> {}
                    case dev.nabla.parser.ast.ColumnConstraint.Collation _ -> {}
                }
            }
        }
        for (TableConstraint tc : ct.constraints()) {
            if (tc instanceof TableConstraint.Check ch) {
                List<String> used = new ArrayList<>();
                checks.add(bindCheck(table, ch.name(), used, ch.condition(), fields, constraintNames));
            } else if (tc instanceof TableConstraint.Unique u) {
                List<String> names2 = new ArrayList<>();
                for (Ident id : u.columns()) {
                    int i = indexOfColumn(cols, id.value());
                    if (i < 0)
                        throw new NablaException(
                                ErrorCode.UNKNOWN_COLUMN,
                                id.span(),
                                "column \"" + id.value() + "\" named in key does not exist");
                    names2.add(cols.get(i).name());
                }
                uniques.add(new BoundStatement.UniqueSpec(
                        constraintName(u.name(), table, names2, "key", constraintNames), names2));
            } else if (tc instanceof TableConstraint.ForeignKey f) {
                fks.add(foreignKey(table, f.name(), f.columns(), f.references(), cols, constraintNames));
            }
        }
        for (TableConstraint tc : ct.constraints()) {
            if (tc instanceof TableConstraint.PrimaryKey p) {
                if (!pk.isEmpty())
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            ct.span(),
                            "multiple primary keys for table \""
                                    + ct.name().last().value() + "\"");
                for (Ident id : p.columns()) {
                    int i = indexOfColumn(cols, id.value());
                    if (i < 0)
                        throw new NablaException(
                                ErrorCode.UNKNOWN_COLUMN,
                                id.span(),
                                "column \"" + id.value() + "\" named in key does not exist");
                    BoundStatement.ColumnSpec s = cols.get(i);
                    cols.set(
                            i,
                            new BoundStatement.ColumnSpec(
                                    s.name(), s.type(), true, true, s.defaultValue(), s.identity(), s.limit()));
                    pk.add(s.name());
                }
            }
        }
        return new BoundStatement.CreateTable(
                Binder.schemaOf(ct.name()),
                table,
                cols,
                pk,
                ct.ifNotExists(),
                row,
                checks,
                uniques,
                fks,
                ct.orReplace());
    }

    /** A FOREIGN KEY's columns checked against the new table; the parent is checked when the table is created. */
    private static BoundStatement.ForeignKeySpec foreignKey(
            String table,
            String name,
            List<Ident> columns,
            dev.nabla.parser.ast.ColumnConstraint.References r,
            List<BoundStatement.ColumnSpec> cols,
            Set<String> taken) {
        for (String action : java.util.Arrays.asList(r.onDelete(), r.onUpdate())) {
            if (action != null && !action.equals("NO ACTION") && !action.equals("RESTRICT")) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        r.span(),
                        "foreign key action " + action
                                + " is not supported (only NO ACTION / RESTRICT: a referenced row cannot be deleted or changed)");
            }
        }
        List<String> names = new ArrayList<>();
        for (Ident id : columns) {
            int i = indexOfColumn(cols, id.value());
            if (i < 0)
                throw new NablaException(
                        ErrorCode.UNKNOWN_COLUMN,
                        id.span(),
                        "column \"" + id.value() + "\" referenced in foreign key constraint does not exist");
            names.add(cols.get(i).name());
        }
        if (!r.parentColumns().isEmpty() && r.parentColumns().size() != names.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    r.span(),
                    "number of referencing and referenced columns for foreign key disagree");
        }
        String parent = r.parent().parts().get(r.parent().parts().size() - 1).value();
        return new BoundStatement.ForeignKeySpec(
                constraintName(name, table, names, "fkey", taken),
                names,
                parent,
                r.parentColumns().stream().map(Ident::value).toList());
    }

    /**
     * A CHECK condition bound over the new table's row: only its columns, nothing that could give a
     * different answer for the same row later (subqueries, aggregates, windows, random(), parameters).
     * {@code columns} names the column a column constraint sits on (empty for a table constraint: then
     * the name is made from the columns the condition reads, as PostgreSQL does).
     */
    private BoundStatement.CheckSpec bindCheck(
            String table, String name, List<String> columns, Expression condition, List<Field> row, Set<String> taken) {
        Ctx c = new Ctx(null, CteEnv.EMPTY);
        c.fields = row;
        c.clause("CHECK", false, false);
        // a derivative stays a Derivative node: the Differentiate stage expands it (over the row, no definitions)
        Expr e = exprs.bind(condition, c);
        if (Exprs.hasSubquery(e) || Exprs.isVolatile(e) || Exprs.any(e, x -> x instanceof Param)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    condition.span(),
                    "a CHECK constraint may only use the row's columns and deterministic functions (no subqueries, aggregates, random() or parameters)");
        }
        if (e.type() != DataType.BOOLEAN && e.type() != DataType.NULL) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    condition.span(),
                    "CHECK condition must be BOOLEAN, not " + e.type().sqlName());
        }
        List<String> named = new ArrayList<>(columns);
        if (named.isEmpty()) {
            Set<Integer> ids = Exprs.columnIds(e);
            for (Field f : row) if (ids.contains(f.column().id())) named.add(f.name());
            if (named.size() != 1) named.clear();
        }
        return new BoundStatement.CheckSpec(constraintName(name, table, named, "check", taken), e);
    }

    /** The given name, or PostgreSQL's {@code table_col[_col…]_suffix} made unique within the table. */
    private static String constraintName(
            String given, String table, List<String> columns, String suffix, Set<String> taken) {
        if (given != null) {
            if (!taken.add(given.toLowerCase(Locale.ROOT))) {
                throw new NablaException(
                        ErrorCode.DUPLICATE_OBJECT,
                        "constraint \"" + given + "\" for relation \"" + table + "\" already exists");
            }
            return given;
        }
        String base = table + (columns.isEmpty() ? "" : "_" + String.join("_", columns)) + "_" + suffix;
        String name = base;
        for (int i = 1; !taken.add(name.toLowerCase(Locale.ROOT)); i++) name = base + i;
        return name;
    }

    /**
     * A column of CREATE TABLE {@code table}. An identity column ({@code GENERATED … AS IDENTITY}) or a SERIAL,
     * BIGSERIAL or SMALLSERIAL one (PostgreSQL's shorthands for INTEGER, BIGINT and SMALLINT BY DEFAULT AS
     * IDENTITY) is NOT NULL with the default {@code nextval('<table>_<column>_seq')}.
     */
    private BoundStatement.ColumnSpec columnSpec(ColumnDef cd, String table) {
        String name = cd.name().value();
        String serial = cd.type() == null ? null : serialType(cd.type().name());
        dev.nabla.parser.ast.ColumnConstraint.Identity identity = null;
        for (dev.nabla.parser.ast.ColumnConstraint cc : cd.constraints())
            if (cc instanceof dev.nabla.parser.ast.ColumnConstraint.Identity i) identity = i;
        if (serial != null || identity != null) {
            if (serial != null && identity != null)
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        cd.span(),
                        "both SERIAL and an identity specified for column \"" + name + "\"");
            if (cd.defaultValue() != null)
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        cd.span(),
                        "both default and identity specified for column \"" + name + "\"");
            DataType type = serial != null ? DataType.parse(serial) : ExprBinder.typeOf(cd.type());
            if (type == null || !type.isIntegral() || type == DataType.BOOLEAN || type.isTemporal())
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        cd.span(),
                        "identity column \"" + name + "\" must be SMALLINT, INTEGER or BIGINT");
            String sequence = table + "_" + name + "_seq";
            Expr next = new dev.nabla.plan.expr.Call(
                    dev.nabla.plan.expr.Fn.NEXTVAL,
                    List.of(new Literal(sequence, DataType.VARCHAR, cd.span())),
                    DataType.BIGINT,
                    cd.span());
            return new BoundStatement.ColumnSpec(
                    name,
                    type,
                    true,
                    cd.primaryKey(),
                    TypeRules.coerce(next, type),
                    new BoundStatement.IdentitySpec(
                            sequence,
                            identity == null ? null : identity.start(),
                            identity == null ? 1 : identity.increment(),
                            identity != null && identity.always()),
                    serial != null && serial.equals("SMALLINT") ? SMALLINT : limitOf(cd.type()));
        }
        // SQLite allows untyped columns; they hold numbers here (documented choice)
        DataType type = cd.type() == null ? DataType.DOUBLE : ExprBinder.typeOf(cd.type());
        Expr def = null;
        if (cd.defaultValue() != null) {
            Ctx c = new Ctx(null, CteEnv.EMPTY);
            c.clause("DEFAULT", false, false);
            Expr e = exprs.bind(cd.defaultValue(), c);
            if (!TypeRules.assignable(e, type)) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        cd.defaultValue().span(),
                        "cannot use " + e.type().sqlName() + " as default of column " + name + " of type "
                                + type.sqlName());
            }
            def = TypeRules.coerce(e, type);
            Literal folded = ConstantEvaluator.evaluate(def);
            if (folded != null) def = folded;
        }
        return new BoundStatement.ColumnSpec(
                name, type, cd.notNull() || cd.primaryKey(), cd.primaryKey(), def, null, limitOf(cd.type()));
    }

    private static final dev.nabla.storage.ColumnLimit SMALLINT =
            dev.nabla.storage.ColumnLimit.range("SMALLINT", Short.MIN_VALUE, Short.MAX_VALUE);

    /**
     * What a declared type allows beyond the stored one, as PostgreSQL enforces it: VARCHAR(n) and CHAR(n) at most n
     * characters (22001), SMALLINT 16 bits (22003); null for any other type. CHAR(n) is not padded.
     */
    private static dev.nabla.storage.ColumnLimit limitOf(dev.nabla.parser.ast.TypeName tn) {
        if (tn == null) return null;
        String name = tn.name().toUpperCase(Locale.ROOT);
        if (tn.arraySizes() != null && !tn.arraySizes().isEmpty()) return null;
        switch (name) {
            case "SMALLINT", "INT2" -> {
                return SMALLINT;
            }
            case "VARCHAR", "CHARACTER VARYING", "CHAR VARYING", "NVARCHAR", "CHAR", "CHARACTER", "NCHAR", "BPCHAR" -> {
                if (tn.params().size() != 1) return null;
                int n = tn.params().get(0);
                if (n < 1)
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT, tn.span(), "length for type " + name + " must be at least 1");
                return dev.nabla.storage.ColumnLimit.length(name + "(" + n + ")", n);
            }
            default -> {
                return null;
            }
        }
    }

    /** The integer type a SERIAL type name stands for, or null. */
    private static String serialType(String typeName) {
        return switch (typeName.toUpperCase(Locale.ROOT)) {
            case "SERIAL", "SERIAL4" -> "INTEGER";
            case "BIGSERIAL", "SERIAL8" -> "BIGINT";
            case "SMALLSERIAL", "SERIAL2" -> "SMALLINT";
            default -> null;
        };
    }

    BoundStatement alterTable(Statement.AlterTable a) {
        BoundStatement.AlterAction action = switch (a.action()) {
            case Statement.AlterAction.AddColumn add -> {
                ColumnDef cd = add.column();
                if (cd.primaryKey()) {
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            cd.span(),
                            "ALTER TABLE … ADD COLUMN cannot add a PRIMARY KEY column");
                }
                for (dev.nabla.parser.ast.ColumnConstraint cc : cd.constraints()) {
                    if (cc instanceof dev.nabla.parser.ast.ColumnConstraint.Check
                            || cc instanceof dev.nabla.parser.ast.ColumnConstraint.Unique
                            || cc instanceof dev.nabla.parser.ast.ColumnConstraint.References) {
                        throw new NablaException(
                                ErrorCode.UNSUPPORTED,
                                cc.span(),
                                "ALTER TABLE … ADD COLUMN cannot add a CHECK, UNIQUE or REFERENCES constraint");
                    }
                }
                // existing rows get the DEFAULT; without one they would be NULL, which NOT NULL forbids
                if (cd.notNull() && cd.defaultValue() == null) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            cd.span(),
                            "ADD COLUMN " + cd.name().value() + " NOT NULL needs a DEFAULT");
                }
                BoundStatement.ColumnSpec spec = columnSpec(cd, a.table().last().value());
                if (spec.identity() != null)
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            cd.span(),
                            "ALTER TABLE … ADD COLUMN cannot add an identity or SERIAL column");
                yield new BoundStatement.AlterAction.AddColumn(spec, add.ifNotExists());
            }
            case Statement.AlterAction.DropColumn d ->
                new BoundStatement.AlterAction.DropColumn(d.column().value(), d.ifExists());
            case Statement.AlterAction.RenameColumn r ->
                new BoundStatement.AlterAction.RenameColumn(r.from().value(), r.to().value());
            case Statement.AlterAction.RenameTable r -> new BoundStatement.AlterAction.RenameTable(r.to().value());
        };
        return new BoundStatement.AlterTable(
                Binder.dotted(a.table()), a.ifExists(), action, a.table().span(), a.span());
    }

    private static int indexOfColumn(List<BoundStatement.ColumnSpec> cols, String name) {
        for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equalsIgnoreCase(name)) return i;
        return -1;
    }

    BoundStatement createView(Statement.CreateView v) {
        // validate by binding once (fresh state: ids and reports of the check are thrown away)
        Binder check = new Binder(state.catalog, state.expander);
        Rel r = check.queries.topLevel(v.query());
        if (!check.state.paramTypes.isEmpty()) {
            // a stored view is re-bound by every query that reads it, where no value for the parameter can be given
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, v.span(), "a view cannot have parameters");
        }
        List<String> names = v.columns().stream().map(Ident::value).toList();
        if (names.size() > r.plan().output().size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, v.span(), "CREATE VIEW specifies more column names than columns");
        }
        return new BoundStatement.CreateView(
                Binder.dotted(v.name()), names, v.query(), v.queryText(), v.orReplace(), v.ifNotExists(), r.plan());
    }
}
