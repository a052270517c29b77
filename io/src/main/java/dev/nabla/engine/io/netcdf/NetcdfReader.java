package dev.nabla.engine.io.netcdf;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.io.Attacher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NetCDF-4 files as tables (the xarray-sql model): variables are grouped by their exact dimension
 * tuple and each group is a table named by its dimensions joined with {@code _} ({@code scalar} for
 * 0-d variables). {@code ATTACH 'f.nc' AS x (TYPE netcdf)} exposes every group; {@code read_netcdf}
 * one group (chosen by {@code variables} or {@code dims}, else the group with the most variables).
 */
public final class NetcdfReader implements Attacher {
    static final String FUNCTION = "read_netcdf";

    /** Tables of the file, keyed by group name, in file order of their first variable. */
    public static Map<String, NcGroupSource> groups(String function, String path, Span span) {
        NcFile f = NcFile.open(function, path, span);
        Map<List<String>, List<NcVariable>> byDims = new LinkedHashMap<>();
        for (NcVariable v : f.variables)
            byDims.computeIfAbsent(v.dims(), k -> new ArrayList<>()).add(v);
        Map<String, NcGroupSource> out = new LinkedHashMap<>();
        for (Map.Entry<List<String>, List<NcVariable>> e : byDims.entrySet()) {
            String name = e.getKey().isEmpty() ? "scalar" : String.join("_", e.getKey());
            List<NcDimension> dims = e.getKey().stream().map(f.dimensions::get).toList();
            out.put(name, new NcGroupSource(f, name, dims, e.getValue()));
        }
        if (out.isEmpty())
            throw new NablaException(ErrorCode.IO, span, function + ": '" + path + "' has no numeric variables");
        return out;
    }

    @Override
    public Map<String, ScannableSource> attach(String path, Map<String, Object> options) {
        for (String k : options.keySet()) {
            String key = k.toLowerCase(Locale.ROOT);
            if (!key.equals("type") && !key.equals("format") && !key.equals("read_only")) {
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, "ATTACH netcdf: unknown option '" + k + "'");
            }
        }
        return new LinkedHashMap<>(groups("ATTACH", path, Span.NONE));
    }

    /** {@code read_netcdf('f.nc' [, variables => ['u10', 'v10']] [, dims => ['time', 'latitude', 'longitude']])}. */
    public static ScannableSource resolve(List<Object> args, Map<String, Object> named, Span span) {
        if (args.size() != 1 || !(args.get(0) instanceof String path)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "read_netcdf expects one file name: read_netcdf('era5.nc' [, variables => ['u10']])");
        }
        List<String> wanted = null;
        String group = null;
        for (Map.Entry<String, Object> e : named.entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "variables", "vars" -> {
                    wanted = new ArrayList<>();
                    if (e.getValue() instanceof List<?> l) for (Object o : l) wanted.add(String.valueOf(o));
                    else if (e.getValue() instanceof String s) for (String p : s.split(",")) wanted.add(p.trim());
                    else
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                span,
                                "read_netcdf: variables must be a list like ['u10', 'v10']");
                }
                // "group" is an SQL keyword (usable quoted); dims => ['time', 'level', ...] names the same table
                case "group", "dims", "dimensions" ->
                    group = e.getValue() instanceof List<?> l
                            ? String.join("_", l.stream().map(String::valueOf).toList())
                            : String.valueOf(e.getValue());
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            span,
                            "read_netcdf: unknown option '" + e.getKey() + "' (known: variables, dims)");
            }
        }
        Map<String, NcGroupSource> groups = groups(FUNCTION, path, span);
        String display = FUNCTION + "('" + path + "')";
        if (group != null) {
            for (Map.Entry<String, NcGroupSource> g : groups.entrySet()) {
                if (g.getKey().equalsIgnoreCase(group))
                    return wanted == null
                            ? g.getValue().renamed(display)
                            : g.getValue().select(wanted, display, span);
            }
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "read_netcdf: '" + path + "' has no group " + group + " (groups: "
                            + String.join(", ", groups.keySet()) + ")");
        }
        if (wanted != null) {
            if (wanted.isEmpty())
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "read_netcdf: variables must not be empty");
            for (NcGroupSource g : groups.values()) {
                if (g.hasVariable(wanted.get(0))) return g.select(wanted, display, span);
            }
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "read_netcdf: '" + path + "' has no variable " + wanted.get(0) + " (variables: "
                            + String.join(
                                    ", ",
                                    groups.values().stream()
                                            .flatMap(g -> g.variableNames().stream())
                                            .toList())
                            + ")");
        }
        NcGroupSource best = null;
        for (NcGroupSource g : groups.values()) {
            if (best == null || g.variableNames().size() > best.variableNames().size()) best = g;
        }
        return best.renamed(display);
    }
}
