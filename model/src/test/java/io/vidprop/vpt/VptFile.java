package io.vidprop.vpt;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads VPT1 files: the gzip-compressed little-endian tensor container that {@code tools/vpt.py} writes for golden
 * fixtures and bench loads. Every tensor is returned as a flat primitive array plus its shape.
 */
public final class VptFile {
    private static final int FLOAT32 = 0;
    private static final int INT32 = 1;
    private static final int INT8 = 2;
    private static final int TEXT = 3;
    private static final int INT16 = 4;

    /** One named entry: its dtype code, shape, and data (float[], int[], byte[], short[] or String). */
    public record Entry(String name, int dtype, int[] shape, Object data) {}

    private final String source;
    private final Map<String, Entry> entries;

    private VptFile(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static VptFile read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    public static VptFile read(InputStream compressed, String source) throws IOException {
        ByteBuffer buf;
        try (GZIPInputStream in = new GZIPInputStream(compressed)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            buf = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            byte[] magic = new byte[4];
            buf.get(magic);
            if (!"VPT1".equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new IOException(source + ": not a VPT1 file");
            }
            int count = buf.getInt();
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (int e = 0; e < count; e++) {
                byte[] name = new byte[buf.getInt()];
                buf.get(name);
                int dtype = buf.get() & 0xff;
                int[] shape = new int[buf.getInt()];
                long size = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = buf.getInt();
                    size *= shape[d];
                }
                Object data = readData(buf, dtype, Math.toIntExact(size), source);
                String key = new String(name, StandardCharsets.UTF_8);
                entries.put(key, new Entry(key, dtype, shape, data));
            }
            return new VptFile(source, entries);
        } catch (java.nio.BufferUnderflowException e) {
            throw new EOFException(source + ": truncated VPT1 file");
        }
    }

    private static Object readData(ByteBuffer buf, int dtype, int size, String source) throws IOException {
        switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[size];
                buf.asFloatBuffer().get(a);
                buf.position(buf.position() + 4 * size);
                return a;
            }
            case INT32 -> {
                int[] a = new int[size];
                buf.asIntBuffer().get(a);
                buf.position(buf.position() + 4 * size);
                return a;
            }
            case INT16 -> {
                short[] a = new short[size];
                buf.asShortBuffer().get(a);
                buf.position(buf.position() + 2 * size);
                return a;
            }
            case INT8 -> {
                byte[] a = new byte[size];
                buf.get(a);
                return a;
            }
            case TEXT -> {
                byte[] a = new byte[size];
                buf.get(a);
                return new String(a, StandardCharsets.UTF_8);
            }
            default -> throw new IOException(source + ": unknown dtype " + dtype);
        }
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(source + " has no entry '" + name + "'; it has " + entries.keySet());
        }
        return e;
    }

    public int[] shape(String name) {
        return entry(name).shape().clone();
    }

    /** A tensor as float32: float entries as stored, integer entries converted. */
    public float[] floats(String name) {
        Object data = entry(name).data();
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof int[] i) {
            float[] out = new float[i.length];
            for (int k = 0; k < i.length; k++) {
                out[k] = i[k];
            }
            return out;
        }
        if (data instanceof short[] s) {
            float[] out = new float[s.length];
            for (int k = 0; k < s.length; k++) {
                out[k] = s[k];
            }
            return out;
        }
        if (data instanceof byte[] b) {
            float[] out = new float[b.length];
            for (int k = 0; k < b.length; k++) {
                out[k] = b[k];
            }
            return out;
        }
        throw new IllegalArgumentException(source + ": entry '" + name + "' is text, not a tensor");
    }

    public int[] ints(String name) {
        Object data = entry(name).data();
        if (data instanceof int[] i) {
            return i;
        }
        throw new IllegalArgumentException(source + ": entry '" + name + "' is not int32");
    }

    /** An int8 entry's bytes, as stored (an encoded image, for instance). */
    public byte[] bytes(String name) {
        Object data = entry(name).data();
        if (data instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException(source + ": entry '" + name + "' is not int8");
    }

    public String text(String name) {
        Object data = entry(name).data();
        if (data instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(source + ": entry '" + name + "' is not text");
    }

    @Override
    public String toString() {
        return source;
    }
}
