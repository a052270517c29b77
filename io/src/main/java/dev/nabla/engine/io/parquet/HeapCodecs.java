package dev.nabla.engine.io.parquet;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page codecs on heap arrays for the common cases (uncompressed, snappy, gzip). parquet-hadoop's own
 * factory goes through Hadoop's CodecPool (a Guava cache) and direct buffers freed with
 * {@code sun.misc.Unsafe}, which JDK 25 reports on stderr; these do neither, and they let the jar
 * leave out the Hadoop libraries that pool needs (Guava, woodstox, commons-collections). Other codecs
 * (ZSTD, LZ4_RAW, BROTLI, LZO) are reported as unsupported.
 */
final class HeapCodecs implements CompressionCodecFactory {
    private final String file;

    HeapCodecs(String file) {
        this.file = file;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return codec(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return codec(codec);
    }

    private Codec codec(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP -> new Codec(codec);
            default ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        Span.NONE,
                        "parquet: '" + file + "' uses " + codec
                                + " compression; supported: snappy, gzip, uncompressed");
        };
    }

    @Override
    public void release() {}

    private record Codec(CompressionCodecName name) implements BytesInputCompressor, BytesInputDecompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            return switch (name) {
                case SNAPPY -> BytesInput.from(Snappy.compress(in));
                case GZIP -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
                    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        gz.write(in);
                    }
                    yield BytesInput.from(out.toByteArray());
                }
                default -> BytesInput.from(in);
            };
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(decode(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decode(in, uncompressedSize));
        }

        private byte[] decode(byte[] in, int uncompressedSize) throws IOException {
            return switch (name) {
                case SNAPPY -> {
                    byte[] out = new byte[uncompressedSize];
                    int n = Snappy.uncompress(in, 0, in.length, out, 0);
                    if (n != uncompressedSize)
                        throw new IOException("snappy page: expected " + uncompressedSize + " bytes, got " + n);
                    yield out;
                }
                case GZIP -> {
                    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
                        byte[] out = gz.readNBytes(uncompressedSize);
                        if (out.length != uncompressedSize)
                            throw new IOException(
                                    "gzip page: expected " + uncompressedSize + " bytes, got " + out.length);
                        yield out;
                    }
                }
                default -> in;
            };
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public void release() {}
    }
}
