package dev.nabla.spark;

import dev.nabla.parser.Lexer;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;

/**
 * Nabla SQL text as Spark SQL text of the same meaning, token by token: a number with a decimal point or an
 * exponent is DOUBLE in Nabla and DECIMAL in Spark, so it gets Spark's {@code D} suffix; a double-quoted
 * identifier (a string literal in Spark) is written with backticks. Everything else the reverse-mode rewriter
 * writes (CTEs, joins, {@code IS NOT DISTINCT FROM}, {@code UNION ALL}, {@code CAST}, {@code grad(…)}) reads the
 * same in both.
 */
final class SparkText {
    private SparkText() {}

    static String of(String nablaSql) {
        StringBuilder out = new StringBuilder(nablaSql.length() + 64);
        int pos = 0;
        for (Token t : Lexer.tokenize(nablaSql)) {
            int start = t.span().offset(), end = t.span().endOffset();
            if (t.is(TokenType.NUMBER) && isDecimal(t.text())) {
                out.append(nablaSql, pos, end).append('D');
                pos = end;
            } else if (t.is(TokenType.QUOTED_IDENT)) {
                out.append(nablaSql, pos, start)
                        .append('`')
                        .append(t.text().replace("`", "``"))
                        .append('`');
                pos = end;
            }
        }
        return out.append(nablaSql, pos, nablaSql.length()).toString();
    }

    private static boolean isDecimal(String number) {
        if (number.startsWith("0x") || number.startsWith("0X")) return false;
        return number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
    }
}
