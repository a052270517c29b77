package dev.nabla.parser;

import dev.nabla.parser.ast.Statement;
import java.util.Objects;

/**
 * One statement of a script with its own text (without the terminating ';') and where that text
 * starts in the script (1-based), so errors found later can point into the original script.
 */
public record ParsedStatement(Statement statement, String text, int startLine, int startCol) {
    public ParsedStatement {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(text, "text");
    }
}
