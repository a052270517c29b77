package dev.nabla.engine.io.netcdf;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.io.csv.IoFiles;
import dev.nabla.storage.DataType;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The structure of a NetCDF-4 (HDF5) file read through jhdf: dimensions (from the HDF5 dimension
 * scales netCDF writes, with their coordinate values) and the data variables of the root group
 * with their dimension names (from {@code DIMENSION_LIST} references). Data is not read here.
 */
final class NcFile {
    private static final String NOT_A_VARIABLE = "This is a netCDF dimension but not a netCDF variable";

    final String file;
    final Path path;
    final Map<String, NcDimension> dimensions = new LinkedHashMap<>();
    final List<NcVariable> variables = new ArrayList<>();

    private NcFile(String file, Path path) {
        this.file = file;
        this.path = path;
    }

    static NcFile open(String function, String file, Span span) {
        Path p = IoFiles.existing(function, file, span);
        NcFile nc = new NcFile(file, p);
        try (HdfFile h = new HdfFile(p)) {
            nc.load(h);
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NablaException(
                    ErrorCode.IO,
                    span,
                    function + ": cannot read '" + file + "' as NetCDF-4/HDF5: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
        return nc;
    }

    private void load(HdfFile h) {
        Map<Long, String> scaleByAddress = new HashMap<>();
        Map<Long, String> scaleByDimid = new HashMap<>();
        List<Dataset> data = new ArrayList<>();
        for (Node n : h.getChildren().values()) {
            if (!(n instanceof Dataset d) || d.isEmpty()) continue;
            if ("DIMENSION_SCALE".equals(text(d, "CLASS"))) {
                String name = d.getName();
                scaleByAddress.put(d.getAddress(), name);
                if (d.getAttribute("_Netcdf4Dimid") != null
                        && d.getAttribute("_Netcdf4Dimid").getData() instanceof Number id) {
                    scaleByDimid.put(id.longValue(), name);
                }
                String label = text(d, "NAME");
                int len = d.getDimensions().length == 1 ? d.getDimensions()[0] : 0;
                if (label != null && label.startsWith(NOT_A_VARIABLE)) {
                    long[] idx = new long[len];
                    for (int i = 0; i < len; i++) idx[i] = i;
                    dimensions.put(name, new NcDimension(name, len, DataType.BIGINT, idx, null));
                } else {
                    dimensions.put(name, coordinate(h, name, variable(d, List.of(name)), len));
                }
            } else {
                data.add(d);
            }
        }
        // jhdf lists links by name hash; object headers are laid out in creation order, which is the
        // variable order netCDF tools (ncdump, xarray) show
        data.sort(java.util.Comparator.comparingLong(Node::getAddress));
        for (Dataset d : data) {
            int[] shape = d.getDimensions();
            List<String> dims = new ArrayList<>();
            Attribute list = d.getAttribute("DIMENSION_LIST");
            if (list != null && list.getData() instanceof Object[] refs && refs.length == shape.length) {
                for (Object r : refs) {
                    long addr = r instanceof long[] la && la.length > 0 ? la[0] : -1;
                    dims.add(scaleByAddress.get(addr));
                }
            }
            if (dims.contains(null) || dims.size() != shape.length) {
                dims.clear();
                Attribute coords = d.getAttribute("_Netcdf4Coordinates");
                if (coords != null && coords.getData() instanceof int[] ids && ids.length == shape.length) {
                    for (int id : ids) dims.add(scaleByDimid.get((long) id));
                }
            }
            if (dims.contains(null) || dims.size() != shape.length) {
                // plain HDF5 without dimension scales: equal-length axes share a phony dimension
                dims.clear();
                for (int i = 0; i < shape.length; i++) {
                    String name = "dim" + i + "_" + shape[i];
                    dims.add(name);
                    if (!dimensions.containsKey(name)) {
                        long[] idx = new long[shape[i]];
                        for (int k = 0; k < idx.length; k++) idx[k] = k;
                        dimensions.put(name, new NcDimension(name, shape[i], DataType.BIGINT, idx, null));
                    }
                }
            }
            for (int i = 0; i < shape.length; i++) {
                if (dimensions.get(dims.get(i)).length() != shape[i]) {
                    throw new NablaException(
                            ErrorCode.IO,
                            Span.NONE,
                            "variable " + d.getName() + " of '" + file + "' has " + shape[i] + " cells along "
                                    + dims.get(i) + ", which has "
                                    + dimensions.get(dims.get(i)).length());
                }
            }
            NcVariable v = variable(d, dims);
            if (v != null) variables.add(v);
        }
    }

    /** Reads a coordinate variable's values (converted: time → micros, NaN/fill kept as NaN). */
    private NcDimension coordinate(HdfFile h, String name, NcVariable v, int len) {
        if (v == null) {
            long[] idx = new long[len];
            for (int i = 0; i < len; i++) idx[i] = i;
            return new NcDimension(name, len, DataType.BIGINT, idx, null);
        }
        Object raw = h.getDatasetByPath(v.path()).getData();
        double[] d = new double[len];
        long[] l = new long[len];
        Flatten.into(raw, d, l, 0);
        if (v.type().physical() == dev.nabla.storage.PhysicalType.DOUBLE) {
            if (v.packed()) for (int i = 0; i < len; i++) d[i] = d[i] * v.scale() + v.addOffset();
            return new NcDimension(v.name(), len, v.type(), null, d);
        }
        if (v.isTime())
            for (int i = 0; i < len; i++)
                l[i] = v.timeBase() + Math.round((v.integralRaw() ? l[i] : d[i]) * v.timeUnit());
        return new NcDimension(v.name(), len, v.type(), l, null);
    }

    /** The SQL view of a dataset, or null when its element type has no SQL counterpart (compound, reference, ...). */
    private NcVariable variable(Dataset d, List<String> dims) {
        Class<?> jt = d.getJavaType();
        boolean integral;
        DataType type;
        if (jt == float.class || jt == Float.class) {
            integral = false;
            type = DataType.REAL;
        } else if (jt == double.class || jt == Double.class) {
            integral = false;
            type = DataType.DOUBLE;
        } else if (jt == long.class || jt == Long.class) {
            integral = true;
            type = DataType.BIGINT;
        } else if (jt == int.class
                || jt == Integer.class
                || jt == short.class
                || jt == Short.class
                || jt == byte.class
                || jt == Byte.class) {
            integral = true;
            type = DataType.INTEGER;
        } else {
            return null;
        }
        double fill = number(d, "_FillValue"), missing = number(d, "missing_value");
        double scale = number(d, "scale_factor"), offset = number(d, "add_offset");
        if (Double.isNaN(scale)) scale = 1;
        if (Double.isNaN(offset)) offset = 0;
        if (scale != 1 || offset != 0) type = DataType.DOUBLE;
        long base = 0;
        double unit = 0;
        String units = text(d, "units");
        String calendar = text(d, "calendar");
        boolean gregorian = calendar == null
                || switch (calendar.toLowerCase(Locale.ROOT)) {
                    case "standard", "gregorian", "proleptic_gregorian" -> true;
                    default -> false;
                };
        if (units != null && gregorian && units.toLowerCase(Locale.ROOT).contains(" since ")) {
            String[] parts = units.trim().split("\\s+since\\s+", 2);
            double u = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "days", "day", "d" -> 86_400e6;
                case "hours", "hour", "hrs", "hr", "h" -> 3_600e6;
                case "minutes", "minute", "mins", "min" -> 60e6;
                case "seconds", "second", "secs", "sec", "s" -> 1e6;
                case "milliseconds", "millisecond", "msec", "ms" -> 1e3;
                case "microseconds", "microsecond", "us" -> 1;
                default -> 0;
            };
            Long b = u == 0 ? null : epochMicros(parts[1]);
            if (b != null) {
                base = b;
                unit = u * scale;
                base += Math.round(offset * u);
                type = DataType.TIMESTAMP;
            }
        }
        return new NcVariable(
                d.getName(),
                d.getPath(),
                dims,
                d.getDimensions(),
                type,
                integral && unit == 0 ? !(scale != 1 || offset != 0) : integral,
                fill,
                missing,
                unit != 0 ? 1 : scale,
                unit != 0 ? 0 : offset,
                base,
                unit);
    }

    /** A CF reference date: {@code 2020-01-01}, {@code 2020-01-01 00:00:00}, {@code 1900-01-01T00:00:00Z}, ... */
    private static Long epochMicros(String s) {
        String t = s.trim().replace('T', ' ');
        if (t.endsWith("Z")) t = t.substring(0, t.length() - 1).trim();
        if (t.endsWith("UTC")) t = t.substring(0, t.length() - 3).trim();
        int sp = t.indexOf(' ');
        try {
            String date = sp < 0 ? t : t.substring(0, sp);
            String[] ymd = date.split("-");
            LocalDate day = LocalDate.of(Integer.parseInt(ymd[0]), Integer.parseInt(ymd[1]), Integer.parseInt(ymd[2]));
            LocalDateTime at = day.atStartOfDay();
            if (sp >= 0) {
                String[] hms = t.substring(sp + 1).trim().split(":");
                double sec = hms.length > 2 ? Double.parseDouble(hms[2]) : 0;
                at = at.plusHours(Integer.parseInt(hms[0]))
                        .plusMinutes(hms.length > 1 ? Integer.parseInt(hms[1]) : 0)
                        .plusNanos(Math.round(sec * 1e9));
            }
            return at.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + at.getNano() / 1000;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(Dataset d, String attr) {
        Attribute a = d.getAttribute(attr);
        if (a == null) return null;
        Object v = a.getData();
        if (v instanceof String s) return s;
        if (v instanceof String[] arr && arr.length == 1) return arr[0];
        return null;
    }

    private static double number(Dataset d, String attr) {
        Attribute a = d.getAttribute(attr);
        if (a == null) return Double.NaN;
        Object v = a.getData();
        if (v instanceof Number n) return n.doubleValue();
        if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) {
            Object e = java.lang.reflect.Array.get(v, 0);
            if (e instanceof Number n) return n.doubleValue();
        }
        return Double.NaN;
    }
}
