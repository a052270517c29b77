package dev.nabla.engine;

import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.plan.bound.BoundStatement.MergeAction;
import dev.nabla.plan.bound.BoundStatement.MergeClause;
import java.util.List;

/**
 * Where things are in a bound MERGE's rows (laid out by the binder, see {@code DmlRows.merge}): the
 * target row id (NULL: no match), one BOOLEAN per clause, then for each UPDATE and INSERT clause, in
 * clause order, the whole new row in table order followed by the table's CHECK conditions over it.
 */
final class MergeLayout {
    /** Where clause k's new row starts; -1 for DELETE and DO NOTHING. */
    final int[] rowAt;

    final int width;
    final int checks;

    MergeLayout(StoredTable t, List<MergeClause> clauses) {
        width = t.columnNames().size();
        checks = t.checks().size();
        rowAt = new int[clauses.size()];
        int at = 1 + clauses.size();
        for (int k = 0; k < clauses.size(); k++) {
            MergeAction a = clauses.get(k).action();
            if (a == MergeAction.UPDATE || a == MergeAction.INSERT) {
                rowAt[k] = at;
                at += width + checks;
            } else {
                rowAt[k] = -1;
            }
        }
    }

    static int conditionAt(int clause) {
        return 1 + clause;
    }
}
