package dev.nabla.engine.exec;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SingleRow;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small plan-building helpers for executor tests. */
class Plans {
    final ColumnIds ids = new ColumnIds();
    final TestCtx ctx = new TestCtx();

    Scan scan(TestTable t) {
        List<Integer> idx = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < t.types.size(); i++) {
            idx.add(i);
            out.add(new Column(ids.next(), t.names.get(i), t.name, t.types.get(i), true));
        }
        return new Scan(t, idx, out, null, null);
    }

    static ColumnRef ref(LogicalPlan p, int i) {
        return p.output().get(i).ref();
    }

    static ColumnRef ref(LogicalPlan p, String name) {
        for (Column c : p.output()) if (c.name().equals(name)) return c.ref();
        throw new IllegalArgumentException(name);
    }

    static Call call(Fn fn, DataType t, Expr... args) {
        return new Call(fn, t, args);
    }

    static Literal lit(Object v) {
        if (v == null) return Literal.nullOf(DataType.NULL);
        if (v instanceof Integer i) return Literal.ofLong(i);
        if (v instanceof Long l) return Literal.ofLong(l);
        if (v instanceof Double d) return Literal.ofDouble(d);
        if (v instanceof Boolean b) return new Literal(b, DataType.BOOLEAN, null);
        return new Literal(v.toString(), DataType.VARCHAR, null);
    }

    static Literal nul(DataType t) {
        return Literal.nullOf(t);
    }

    Project project(LogicalPlan in, Expr... exprs) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < exprs.length; i++) out.add(new Column(ids.next(), "c" + i, null, exprs[i].type(), true));
        return new Project(in, Arrays.asList(exprs), out);
    }

    Column col(String name, DataType t) {
        return new Column(ids.next(), name, null, t, true);
    }

    List<List<Object>> rows(LogicalPlan p) {
        return rows(QueryExecutor.run(p, ctx));
    }

    static List<List<Object>> rows(QueryResult r) {
        List<List<Object>> out = new ArrayList<>();
        for (Batch b : r.batches()) {
            if (b.selection != null) throw new AssertionError("result batch has a selection");
            for (int i = 0; i < b.count; i++) {
                List<Object> row = new ArrayList<>();
                for (var c : b.columns) row.add(c.getObject(i));
                out.add(row);
            }
        }
        if (out.size() != r.rowCount()) throw new AssertionError("rowCount mismatch");
        return out;
    }

    /** Evaluates expressions with no input (SELECT expr). */
    List<Object> eval(Expr... exprs) {
        return rows(project(new SingleRow(), exprs)).get(0);
    }

    Object eval1(Expr e) {
        return eval(e).get(0);
    }

    static List<Object> row(Object... v) {
        return Arrays.asList(v);
    }
}
