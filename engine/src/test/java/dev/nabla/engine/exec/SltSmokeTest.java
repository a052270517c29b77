package dev.nabla.engine.exec;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Developer aid, off by default: runs sqllogictest files through the embedded API and prints a failure
 * digest ({@code -Dnabla.exec.slt=/path/a.test,/path/b.test}). The real conformance suite lives in the
 * tests module; this only exists to exercise the executor end to end from its own module.
 */
class SltSmokeTest {
    @Test
    void run() throws Exception {
        String files = System.getProperty("nabla.exec.slt");
        Assumptions.assumeTrue(files != null && !files.isBlank(), "set -Dnabla.exec.slt to run");
        for (String f : files.split(",")) runFile(Path.of(f));
    }

    private void runFile(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        int pass = 0, fail = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.setTimeoutMillis(Long.getLong("nabla.exec.slt.timeoutMs", 5000));
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    i++;
                    continue;
                }
                if (line.startsWith("skipif") || line.startsWith("onlyif")) {
                    boolean skip = line.startsWith("onlyif") ? !line.contains("nabla") : line.contains("nabla");
                    if (skip) {
                        while (i < lines.size() && !lines.get(i).trim().isEmpty()) i++;
                        continue;
                    }
                    i++;
                    continue;
                }
                if (line.startsWith("hash-threshold") || line.startsWith("halt")) {
                    i++;
                    continue;
                }
                String[] head = line.split("\\s+");
                i++;
                StringBuilder sql = new StringBuilder();
                while (i < lines.size()
                        && !lines.get(i).trim().isEmpty()
                        && !lines.get(i).equals("----"))
                    sql.append(lines.get(i++)).append('\n');
                List<String> expected = new ArrayList<>();
                if (i < lines.size() && lines.get(i).equals("----")) {
                    i++;
                    while (i < lines.size() && !lines.get(i).trim().isEmpty())
                        expected.add(lines.get(i++).trim());
                }
                String reason = null;
                if (head[0].equals("statement")) {
                    boolean ok = head[1].equals("ok");
                    try {
                        s.execute(sql.toString());
                        if (!ok) reason = "statement should fail";
                    } catch (RuntimeException e) {
                        if (ok) reason = "stmt: " + e.getMessage();
                    }
                } else if (head[0].equals("query")) {
                    String types = head[1];
                    String sort = head.length > 2 ? head[2] : "nosort";
                    try {
                        Result r = s.execute(sql.toString());
                        List<String> vals = new ArrayList<>();
                        List<List<String>> rows = new ArrayList<>();
                        for (int row = 0; row < r.rowCount(); row++) {
                            List<String> rv = new ArrayList<>();
                            for (int c = 0; c < r.columnCount(); c++)
                                rv.add(format(r.get(row, c), c < types.length() ? types.charAt(c) : 'T'));
                            rows.add(rv);
                        }
                        if (sort.equals("rowsort"))
                            rows.sort((a, b) -> String.join("\u0001", a).compareTo(String.join("\u0001", b)));
                        for (List<String> rv : rows) vals.addAll(rv);
                        if (sort.equals("valuesort")) vals.sort(null);
                        List<String> got = vals;
                        if (expected.size() == 1 && expected.get(0).contains("values hashing to")) {
                            String[] p = expected.get(0).split(" ");
                            String hash = md5(vals);
                            if (!(p[0].equals(String.valueOf(vals.size())) && p[4].equals(hash)))
                                reason = "wrong hash/result";
                        } else {
                            List<String> exp = new ArrayList<>();
                            for (String e : expected) for (String v : e.split("\\s+")) if (!v.isEmpty()) exp.add(v);
                            if (expected.size() > 0 && exp.size() != got.size() && expected.size() == got.size())
                                exp = expected;
                            List<String> g2 = new ArrayList<>();
                            for (String v : got) g2.add(v.trim());
                            if (!exp.equals(g2)) reason = "wrong result";
                            if (reason != null)
                                examples.putIfAbsent("wrong result " + pass, sql + " => " + g2 + " expected " + exp);
                        }
                    } catch (RuntimeException | OutOfMemoryError e) {
                        reason = "query: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                        if (e instanceof OutOfMemoryError
                                || String.valueOf(e.getMessage()).contains("cancel")) {
                            System.out.println("SLOW/OOM: " + sql.toString().replace('\n', ' '));
                        }
                    }
                } else {
                    continue;
                }
                if (reason == null) pass++;
                else {
                    fail++;
                    String key = reason.length() > 120 ? reason.substring(0, 120) : reason;
                    reasons.merge(key, 1, Integer::sum);
                    examples.putIfAbsent(key, sql.toString().trim());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d passed, %d failed%n", file.getFileName(), pass, fail);
        reasons.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(25)
                .forEach(e -> System.out.println("  " + e.getValue() + " x " + e.getKey() + "\n      e.g. "
                        + examples.get(e.getKey()).replace('\n', ' ')));
        examples.entrySet().stream()
                .filter(e -> e.getKey().startsWith("wrong result "))
                .limit(8)
                .forEach(e -> System.out.println("  WR: " + e.getValue().replace('\n', ' ')));
    }

    private static String format(Object v, char type) {
        if (v == null) return "NULL";
        switch (type) {
            case 'I' -> {
                if (v instanceof Number n) return Long.toString(n.longValue());
                if (v instanceof Boolean b) return b ? "1" : "0";
                return "0";
            }
            case 'R' -> {
                if (v instanceof Number n) return String.format(Locale.ROOT, "%.3f", n.doubleValue());
                return "0.000";
            }
            default -> {
                String s = v instanceof Boolean b
                        ? (b ? "1" : "0")
                        : v instanceof Double d ? dev.nabla.engine.exec.expr.Casts.formatDouble(d) : v.toString();
                if (s.isEmpty()) return "(empty)";
                StringBuilder sb = new StringBuilder();
                for (char c : s.toCharArray()) sb.append(c < ' ' || c > '~' ? '@' : c);
                return sb.toString();
            }
        }
    }

    private static String md5(List<String> vals) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        for (String v : vals) {
            md.update(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
