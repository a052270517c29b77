package dev.nabla.cli.plot;

import dev.nabla.cli.output.Cells;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A terminal line chart drawn with Unicode braille: each character cell holds a 2×4 grid of dots,
 * so an 80×20 terminal gives a 150×68-dot canvas. Consecutive points of a series are joined with
 * straight dot lines; every series gets its own colour when colour is on.
 */
public final class BrailleChart {
    /** Dot bit for (column 0..1, row 0..3) inside one braille cell. */
    private static final int[][] BIT = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

    private static final String[] COLORS = {
        "\u001b[34m", "\u001b[31m", "\u001b[32m", "\u001b[33m", "\u001b[35m", "\u001b[36m"
    };
    private static final String RESET = "\u001b[0m";

    /** One y series; NaN values are gaps. */
    public record Series(String name, double[] y) {
        public Series {
            Objects.requireNonNull(name);
            Objects.requireNonNull(y);
        }
    }

    private BrailleChart() {}

    /**
     * Renders the chart as lines of text.
     *
     * @param xName  label of the x axis
     * @param x      x values (NaN = skip the point); need not be sorted
     * @param width  total width in cells (labels included), at least 20
     * @param height total height in lines (axis and legend included), at least 6
     */
    public static List<String> render(
            String xName, double[] x, List<Series> series, int width, int height, boolean logY, boolean color) {
        return render(xName, x, series, width, height, logY, color, BrailleChart::label);
    }

    /** As above, with the x axis's end labels written by {@code xLabel} (dates for a DATE column). */
    public static List<String> render(
            String xName,
            double[] x,
            List<Series> series,
            int width,
            int height,
            boolean logY,
            boolean color,
            java.util.function.DoubleFunction<String> xLabel) {
        if (series.isEmpty()) throw new IllegalArgumentException("nothing to plot");
        width = Math.max(20, width);
        height = Math.max(6, height);
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));

        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            if (s.y().length != n)
                throw new IllegalArgumentException(
                        "series " + s.name() + " has " + s.y().length + " values, x has " + n);
            for (int i = 0; i < n; i++) {
                double xv = x[i], yv = s.y()[i];
                if (!Double.isFinite(xv) || !Double.isFinite(yv) || (logY && yv <= 0)) continue;
                xMin = Math.min(xMin, xv);
                xMax = Math.max(xMax, xv);
                yMin = Math.min(yMin, yv);
                yMax = Math.max(yMax, yv);
            }
        }
        if (xMin > xMax)
            throw new IllegalArgumentException(
                    logY ? "no positive finite values to plot on a log scale" : "no finite values to plot");
        String topLabel = label(yMax), bottomLabel = label(yMin);
        double ty = logY ? Math.log10(yMax) : yMax, by = logY ? Math.log10(yMin) : yMin;
        if (ty == by) {
            ty += 1;
            by -= 1;
        }
        if (xMax == xMin) {
            xMax += 1;
            xMin -= 1;
        }

        int margin = Math.max(Cells.width(topLabel), Cells.width(bottomLabel)) + 1;
        int cols = width - margin - 2;
        int legendLines = 1;
        int rows = height - 2 - legendLines;
        int dotW = cols * 2, dotH = rows * 4;
        int[][] cells = new int[rows][cols];
        int[][] owner = new int[rows][cols];

        for (int si = 0; si < series.size(); si++) {
            double[] y = series.get(si).y();
            int px = -1, py = -1;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                double yv = y[i];
                if (!Double.isFinite(x[i]) || !Double.isFinite(yv) || (logY && yv <= 0)) {
                    px = -1;
                    continue;
                }
                double yt = logY ? Math.log10(yv) : yv;
                int dx = (int) Math.round((x[i] - xMin) / (xMax - xMin) * (dotW - 1));
                int dy = (int) Math.round((ty - yt) / (ty - by) * (dotH - 1));
                if (px < 0) plot(cells, owner, dx, dy, si);
                else line(cells, owner, px, py, dx, dy, si);
                px = dx;
                py = dy;
            }
        }

        List<String> out = new ArrayList<>(height);
        for (int r = 0; r < rows; r++) {
            String label = r == 0 ? topLabel : r == rows - 1 ? bottomLabel : "";
            StringBuilder sb = new StringBuilder();
            sb.append(" ".repeat(margin - 1 - Cells.width(label))).append(label).append(' ');
            sb.append(r == 0 || r == rows - 1 ? '┤' : '│');
            int current = -1;
            for (int c = 0; c < cols; c++) {
                int bits = cells[r][c];
                if (color) {
                    int want = bits == 0 ? -1 : owner[r][c];
                    if (want != current) {
                        if (current >= 0) sb.append(RESET);
                        if (want >= 0) sb.append(COLORS[want % COLORS.length]);
                        current = want;
                    }
                }
                sb.append(bits == 0 ? ' ' : (char) (0x2800 + bits));
            }
            if (color && current >= 0) sb.append(RESET);
            out.add(stripRight(sb));
        }
        out.add(" ".repeat(margin) + "└" + "─".repeat(cols));
        String xl = xLabel.apply(xMin), xr = xLabel.apply(xMax);
        String mid = xName;
        int gap = cols + 1 - Cells.width(xl) - Cells.width(xr);
        StringBuilder axis = new StringBuilder(" ".repeat(margin)).append(xl);
        if (gap > Cells.width(mid) + 2) {
            int left = (gap - Cells.width(mid)) / 2;
            axis.append(" ".repeat(left)).append(mid).append(" ".repeat(gap - left - Cells.width(mid)));
        } else {
            axis.append(" ".repeat(Math.max(1, gap)));
        }
        axis.append(xr);
        out.add(axis.toString());
        StringBuilder legend = new StringBuilder(" ".repeat(margin));
        for (int si = 0; si < series.size(); si++) {
            if (si > 0) legend.append("   ");
            if (color) legend.append(COLORS[si % COLORS.length]);
            legend.append("⣿ ");
            if (color) legend.append(RESET);
            legend.append(series.get(si).name());
        }
        if (logY) legend.append("   (log y)");
        out.add(legend.toString());
        return out;
    }

    /** Axis labels: integers as they are, other values to 4 significant digits. */
    public static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        String s = String.format(java.util.Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        if (mant.indexOf('.') >= 0) {
            mant = mant.replaceAll("0+$", "");
            if (mant.endsWith(".")) mant = mant.substring(0, mant.length() - 1);
        }
        return e < 0 ? mant : mant + s.substring(e);
    }

    private static String stripRight(StringBuilder sb) {
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') end--;
        return sb.substring(0, end);
    }

    private static void plot(int[][] cells, int[][] owner, int dx, int dy, int series) {
        int r = dy >> 2, c = dx >> 1;
        if (r < 0 || r >= cells.length || c < 0 || c >= cells[0].length) return;
        cells[r][c] |= BIT[dx & 1][dy & 3];
        owner[r][c] = series;
    }

    /** Bresenham between two dots. */
    private static void line(int[][] cells, int[][] owner, int x0, int y0, int x1, int y1, int series) {
        int dx = Math.abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            plot(cells, owner, x0, y0, series);
            if (x0 == x1 && y0 == y1) return;
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }
}
