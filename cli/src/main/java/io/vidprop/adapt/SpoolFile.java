package io.vidprop.adapt;

import io.vidprop.kafka.Frame;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;

/**
 * A camera's spool file: its frames one after another, each as its decoding needs it (format, raw size and pixel
 * format, payload), found again by offset.
 */
final class SpoolFile {
    /**
     * One frame in a spool file.
     *
     * @param offset where it starts in the file
     * @param capture its capture time (epoch milliseconds)
     */
    record Entry(long offset, long capture) {}

    private SpoolFile() {}

    /** Appends a frame; returns the bytes written. */
    static long write(DataOutputStream out, Frame f) throws IOException {
        int before = out.size();
        out.writeUTF(f.format == null ? "" : f.format);
        out.writeInt(f.width);
        out.writeInt(f.height);
        out.writeUTF(f.pixelFormat == null ? "" : f.pixelFormat);
        out.writeInt(f.payload.length);
        out.write(f.payload);
        return out.size() - before;
    }

    /** The frame that starts at the entry's offset. */
    static Frame read(RandomAccessFile file, Entry entry) throws IOException {
        file.seek(entry.offset());
        DataInputStream in = new DataInputStream(new RandomAccessFileInput(file));
        Frame f = new Frame();
        String format = in.readUTF();
        f.format = format.isEmpty() ? null : format;
        f.width = in.readInt();
        f.height = in.readInt();
        String pixelFormat = in.readUTF();
        f.pixelFormat = pixelFormat.isEmpty() ? null : pixelFormat;
        f.payload = in.readNBytes(in.readInt());
        return f;
    }

    /** Reads a random-access file from its current position. */
    private static final class RandomAccessFileInput extends InputStream {
        private final RandomAccessFile file;

        RandomAccessFileInput(RandomAccessFile file) {
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            return file.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return file.read(b, off, len);
        }
    }
}
