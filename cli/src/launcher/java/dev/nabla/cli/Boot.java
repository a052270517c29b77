package dev.nabla.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's Main-Class, compiled for Java 8 (a separate compiler execution in cli/pom.xml) so that any JVM
 * can load it: on a Java older than 25, {@code java -jar nabla.jar} then says which Java it needs instead
 * of failing with {@code UnsupportedClassVersionError}; on Java 25 it hands over to {@link Main}.
 */
public final class Boot {
    static final int REQUIRED = 25;

    private Boot() {}

    public static void main(String[] args) throws Throwable {
        int found = feature(System.getProperty("java.specification.version", "0"));
        if (found < REQUIRED) {
            System.err.println("Nabla needs Java " + REQUIRED + " or newer (found " + found + ": "
                    + System.getProperty("java.home") + ").");
            System.err.println("Run it with a JDK " + REQUIRED + "'s java, or through ./nabla, which finds one.");
            System.exit(2);
        }
        Method main = Class.forName("dev.nabla.cli.Main").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" → 8, "17" → 17, "25" → 25. */
    static int feature(String spec) {
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
        try {
            return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
