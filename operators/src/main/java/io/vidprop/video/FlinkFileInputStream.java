package io.vidprop.video;

import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A file of any Flink file system (s3://, hdfs://, gs://...) as the seekable stream FFmpeg's custom I/O asks for:
 * JavaCV seeks by {@code reset()} to the mark and {@code skip(n)}, which here are seeks, so FFmpeg jumps to any
 * position without reading or buffering what lies before it.
 */
final class FlinkFileInputStream extends InputStream {
    private final FSDataInputStream in;
    private final long length;
    private long mark;

    FlinkFileInputStream(FSDataInputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        long pos = in.getPos();
        if (n <= 0 || pos >= length) {
            return 0;
        }
        long to = n >= length - pos ? length : pos + n; // JavaCV skips Long.MAX_VALUE to find the end
        in.seek(to);
        return to - pos;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readlimit) {
        try {
            mark = in.getPos();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stream's position: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void reset() throws IOException {
        in.seek(mark);
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, length - in.getPos());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
