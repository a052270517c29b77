package dev.nabla.storage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The representation of {@link DataType#BLOB} values: a Latin-1 string with one char (0..255) per
 * byte (see {@link DataType#BLOB} for why), and the conversions at its edges.
 */
public final class Blobs {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Blobs() {}

    /** The blob value holding these bytes. */
    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A fresh copy of the blob's bytes. */
    public static byte[] bytes(String blob) {
        return blob.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Upper-case hex digits, two per byte (SQLite's {@code hex()}). */
    public static String hex(String blob) {
        char[] out = new char[blob.length() * 2];
        for (int i = 0; i < blob.length(); i++) {
            int b = blob.charAt(i);
            out[2 * i] = HEX[(b >>> 4) & 0xF];
            out[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(out);
    }

    /** The blob spelled by hex digits (either case), or null when the count is odd or a digit is not hex. */
    public static String fromHex(CharSequence hex) {
        int n = hex.length();
        if (n % 2 != 0) return null;
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(hex.charAt(i), 16);
            int lo = Character.digit(hex.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) return null;
            out[i / 2] = (byte) (hi << 4 | lo);
        }
        return of(out);
    }

    /** The display form (PostgreSQL's {@code bytea} hex output): {@code \x} then two hex digits per byte. */
    public static String display(String blob) {
        return "\\x" + hex(blob);
    }

    /** The display form of raw bytes. */
    public static String display(byte[] bytes) {
        return display(of(bytes));
    }

    /** {@code CAST(text AS BLOB)}: the text's UTF-8 bytes (as SQLite does). */
    public static String fromText(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code CAST(blob AS VARCHAR)}: the bytes decoded as UTF-8, or null when they are not valid UTF-8. */
    public static String toText(String blob) {
        boolean ascii = true;
        for (int i = 0; i < blob.length() && ascii; i++) ascii = blob.charAt(i) < 0x80;
        if (ascii) return blob;
        try {
            CharBuffer cb = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(blob)));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
