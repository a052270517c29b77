package dev.nabla.engine.io.chart;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.io.csv.IoFiles;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart (XChart) in an SVG or PNG file, for a report: drawn by the shell's {@code .plot ... --out
 * loss.svg} and by {@code COPY (query) TO 'loss.svg' (FORMAT chart)}. SVG is vector (VectorGraphics2D), PNG
 * 800×500 pixels; AWT runs headless, so no display is needed.
 */
public final class ChartFile {
    public static final int WIDTH = 800, HEIGHT = 500;

    /** One line: its legend name and a y value per x value (NaN leaves the point out). */
    public record Series(String name, double[] y) {
        public Series {
            java.util.Objects.requireNonNull(name);
            java.util.Objects.requireNonNull(y);
        }
    }

    private ChartFile() {}

    /** Whether a column can be an axis or a line: numbers, BOOLEAN, DATE and TIMESTAMP. */
    public static boolean plottable(DataType t) {
        return (t.isNumeric() && t != DataType.NULL) || t.isTemporal() || t == DataType.BOOLEAN;
    }

    /**
     * The x axis when none is named: the first column when it is plottable and another column is too, else -1
     * (the row number).
     */
    public static int defaultX(List<DataType> types) {
        long plottable = types.stream().filter(ChartFile::plottable).count();
        return plottable > 1 && plottable(types.getFirst()) ? 0 : -1;
    }

    /** The lines when none are named: every plottable column but the x axis. */
    public static List<Integer> defaultLines(List<DataType> types, int x) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < types.size(); c++) if (c != x && plottable(types.get(c))) out.add(c);
        return out;
    }

    /** Writes the chart; the format comes from the file name (.svg or .png). */
    public static void write(
            Path file, String xName, DataType xType, double[] x, List<Series> series, boolean logY, String title) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png"))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "a chart file must end in .svg or .png: " + file.getFileName());
        System.setProperty("java.awt.headless", "true");
        XYChart chart = chart(xName, xType, x, series, logY);
        if (title != null && !title.isEmpty()) chart.setTitle(title);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (svg)
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            else BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new NablaException(
                    ErrorCode.IO, Span.NONE, "cannot write " + file + ": " + IoFiles.writeReason(file, e), e);
        } catch (RuntimeException | LinkageError e) {
            // AWT without fonts or native libraries (a minimal container) fails here, not at start-up
            throw new NablaException(
                    ErrorCode.IO,
                    Span.NONE,
                    "cannot draw the chart (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + "); the braille .plot still works",
                    e);
        }
    }

    static XYChart chart(String xName, DataType xType, double[] x, List<Series> series, boolean logY) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .xAxisTitle(xName)
                .yAxisTitle(series.size() == 1 ? series.getFirst().name() : "")
                .build();
        Styler st = chart.getStyler();
        st.setLegendVisible(series.size() > 1);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(logY);
        boolean dates = xType == DataType.DATE || xType == DataType.TIMESTAMP;
        if (dates) chart.getStyler().setDatePattern(xType == DataType.DATE ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm");
        // points in x order (a line through unsorted points zigzags); NaN and, on a log axis, y <= 0 are left out
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        int plotted = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Date> ds = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i : order) {
                double xv = x[i], yv = s.y()[i];
                if (!Double.isFinite(xv) || !Double.isFinite(yv) || (logY && yv <= 0)) continue;
                // DATE is plotted as days since 1970, TIMESTAMP as (fractional) days: back to milliseconds
                if (dates) ds.add(new Date(Math.round(xv * 86_400_000d)));
                else xs.add(xv);
                ys.add(yv);
            }
            if (ys.isEmpty()) continue;
            var added = dates ? chart.addSeries(s.name(), ds, ys) : chart.addSeries(s.name(), xs, ys);
            added.setMarker(SeriesMarkers.NONE);
            plotted++;
        }
        if (plotted == 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "no finite points to plot");
        return chart;
    }
}
