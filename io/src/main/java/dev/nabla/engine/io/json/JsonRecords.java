package dev.nabla.engine.io.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.io.csv.IoFiles;
import java.io.IOException;

/**
 * The records of a JSON file, one object at a time: newline-delimited objects (any whitespace between
 * them, as {@code .ndjson}/{@code .jsonl} files and DuckDB's {@code newline_delimited}) or one top-level
 * array of objects. {@link #next} leaves the parser on a record's {@code START_OBJECT}; callers read its
 * fields with the parser. Every error names the file, line and column (SQLSTATE 22P02).
 */
final class JsonRecords implements AutoCloseable {
    /**
     * Shared (thread-safe once built): bare {@code NaN}/{@code Infinity} as Python's json writes them, and
     * a duplicate key in one object is an error instead of a silently lost value.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    enum Format {
        AUTO,
        ARRAY,
        LINES
    }

    final String function;
    final String file;
    final JsonParser parser;
    private final Format format;
    private boolean started;
    private boolean inArray;
    private boolean done;
    private long records;

    JsonRecords(String function, String file, Format format, Span span) {
        this.function = function;
        this.file = file;
        this.format = format;
        try {
            this.parser = FACTORY.createParser(IoFiles.open(function, file, span));
        } catch (IOException e) {
            throw IoFiles.failure(function, file, e);
        }
    }

    /** Moves to the next record's {@code START_OBJECT}; false after the last one. */
    boolean next() {
        if (done) return false;
        try {
            JsonToken t = parser.nextToken();
            if (!started) {
                started = true;
                if (t == JsonToken.START_ARRAY && format != Format.LINES) {
                    inArray = true;
                    t = parser.nextToken();
                } else if (format == Format.ARRAY && t != null) {
                    throw error("expected a top-level array of objects (format 'array'), found " + describe(t));
                }
            }
            if (t == null) {
                if (inArray) throw error("the top-level array is not closed");
                done = true;
                return false;
            }
            if (inArray && t == JsonToken.END_ARRAY) {
                JsonToken after = parser.nextToken();
                if (after != null) throw error("unexpected " + describe(after) + " after the top-level array");
                done = true;
                return false;
            }
            if (t != JsonToken.START_OBJECT) {
                throw error("expected a JSON object (one record), found " + describe(t)
                        + (records == 0 && !inArray && t == JsonToken.START_ARRAY
                                ? " (read_json reads objects: newline-delimited, or one array of objects)"
                                : ""));
            }
            records++;
            return true;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The next token, with parse errors turned into a located {@link NablaException}. */
    JsonToken token() {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Skips the children of the container the parser is on (no-op on a scalar). */
    void skipChildren() {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** A located 22P02 error about the current token. */
    NablaException error(String message) {
        return located(message, parser.currentTokenLocation());
    }

    NablaException located(String message, JsonLocation at) {
        return new NablaException(
                ErrorCode.INVALID_CAST,
                Span.NONE,
                function + ": " + file + " line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message);
    }

    /** Jackson's parse errors carry their location; an I/O error is reported as one (58030). */
    NablaException failure(IOException e) {
        if (e instanceof StreamReadException s) {
            String m = s.getOriginalMessage();
            // Jackson's messages end with a hint for Java callers about a feature flag; the location we print
            int hint = m == null ? -1 : m.indexOf("\n");
            if (hint >= 0) m = m.substring(0, hint);
            JsonLocation at = s.getLocation() != null ? s.getLocation() : parser.currentLocation();
            return located(m == null ? "malformed JSON" : m, at);
        }
        return IoFiles.failure(function, file, e);
    }

    static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case END_OBJECT -> "'}'";
            case END_ARRAY -> "']'";
            case FIELD_NAME -> "a key";
            case NOT_AVAILABLE, VALUE_EMBEDDED_OBJECT -> t.name();
        };
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // reading finished or failed already; a close error adds nothing
        }
    }
}
