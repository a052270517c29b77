package dev.nabla.engine.io.chart;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.io.CopyWriter;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code COPY (query) TO 'loss.svg' (FORMAT chart [, x 'step'] [, y 'loss, val_loss'] [, title '…'] [, log_y])}:
 * the query's rows as a line chart, the same drawing as the shell's {@code .plot … --out}. Without {@code x}
 * the first column is the x axis when it is numeric and another column is too (else the row number); without
 * {@code y} every other numeric column is a line. The file name picks SVG or PNG; a {@code .svg} or {@code
 * .png} target needs no FORMAT option.
 */
public final class ChartCopyWriter implements CopyWriter {
    private static final String USAGE = "(FORMAT chart, x 'column', y 'column[, column…]', title 'text', log_y)";

    @Override
    public long write(
            String path,
            List<String> columnNames,
            List<DataType> columnTypes,
            Iterator<Batch> batches,
            Map<String, Object> options) {
        String xName = null, title = null;
        List<String> yNames = new ArrayList<>();
        boolean logY = false;
        for (Map.Entry<String, Object> e : options.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "format", "type" -> {}
                case "x" -> xName = text("x", v);
                case "y" -> {
                    for (String part : text("y", v).split(",")) if (!part.isBlank()) yNames.add(part.strip());
                }
                case "title" -> title = text("title", v);
                case "log_y", "logy" -> logY = flag(v);
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "COPY TO chart: unknown option '" + e.getKey() + "'; the options are " + USAGE);
            }
        }
        int xCol = xName == null ? ChartFile.defaultX(columnTypes) : column(columnNames, xName);
        List<Integer> yCols = new ArrayList<>();
        for (String y : yNames) yCols.add(column(columnNames, y));
        if (yNames.isEmpty()) yCols = ChartFile.defaultLines(columnTypes, xCol);
        if (yCols.isEmpty())
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "COPY TO chart: the query has no numeric column to draw " + USAGE);
        for (int c : yCols) {
            if (!ChartFile.plottable(columnTypes.get(c)))
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        "COPY TO chart: column " + columnNames.get(c) + " is "
                                + columnTypes.get(c).sqlName() + ", not a number");
        }
        if (xCol >= 0 && !ChartFile.plottable(columnTypes.get(xCol)))
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    "COPY TO chart: the x column " + columnNames.get(xCol) + " is "
                            + columnTypes.get(xCol).sqlName() + "; use a number, DATE or TIMESTAMP");

        // row k + 1 holds line k; row 0 the x values
        double[][] points = new double[yCols.size() + 1][1024];
        int rows = 0;
        while (batches.hasNext()) {
            Batch b = batches.next();
            if (rows + b.count > points[0].length) {
                int capacity = Math.max(points[0].length * 2, rows + b.count);
                for (int k = 0; k < points.length; k++) points[k] = Arrays.copyOf(points[k], capacity);
            }
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                points[0][rows] = xCol < 0 ? rows + 1 : value(b.columns[xCol], columnTypes.get(xCol), r);
                for (int k = 0; k < yCols.size(); k++) {
                    int c = yCols.get(k);
                    points[k + 1][rows] = value(b.columns[c], columnTypes.get(c), r);
                }
                rows++;
            }
        }
        List<ChartFile.Series> series = new ArrayList<>();
        for (int k = 0; k < yCols.size(); k++)
            series.add(new ChartFile.Series(columnNames.get(yCols.get(k)), Arrays.copyOf(points[k + 1], rows)));
        ChartFile.write(
                Path.of(path),
                xCol < 0 ? "row" : columnNames.get(xCol),
                xCol < 0 ? DataType.BIGINT : columnTypes.get(xCol),
                Arrays.copyOf(points[0], rows),
                series,
                logY,
                title);
        return rows;
    }

    /** DATE as epoch days and TIMESTAMP as fractional epoch days, the scale {@link ChartFile} draws dates in. */
    private static double value(ColumnVector v, DataType t, int row) {
        if (v.isNull(row)) return Double.NaN;
        if (t == DataType.DATE) return v.getLong(row);
        if (t == DataType.TIMESTAMP) return v.getLong(row) / 86_400_000_000d;
        if (t == DataType.BOOLEAN) return v.getLong(row) != 0 ? 1 : 0;
        // a DECIMAL's long is its unscaled value: plot the number it stands for
        if (t instanceof dev.nabla.storage.DecimalType d)
            return dev.nabla.engine.exec.expr.Decimals.toDouble(v, row, d);
        return switch (t.physical()) {
            case LONG -> v.getLong(row);
            case DOUBLE -> v.getDouble(row);
            case STRING, ARRAY, LIST, INT128 -> Double.NaN;
        };
    }

    private static int column(List<String> names, String name) {
        for (int c = 0; c < names.size(); c++) if (names.get(c).equalsIgnoreCase(name)) return c;
        throw new NablaException(
                ErrorCode.UNKNOWN_COLUMN,
                "COPY TO chart: the query has no column " + name + " (it has " + String.join(", ", names) + ")");
    }

    private static String text(String option, Object v) {
        if (v == null || v instanceof Boolean)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "COPY TO chart: option " + option + " needs a value " + USAGE);
        return v.toString();
    }

    private static boolean flag(Object v) {
        return switch (v) {
            case null -> true;
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            default -> !v.toString().equalsIgnoreCase("false") && !v.toString().equals("0");
        };
    }
}
