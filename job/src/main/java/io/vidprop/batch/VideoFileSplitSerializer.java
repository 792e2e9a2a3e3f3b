package io.vidprop.batch;

import io.vidprop.video.FrameNumbering;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Binary form of a {@link VideoFileSplit}, for sending splits to readers and for failover. */
final class VideoFileSplitSerializer implements SimpleVersionedSerializer<VideoFileSplit> {
    static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(VideoFileSplit s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(s, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public VideoFileSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown video file split version " + version + " (this reader knows " + VERSION
                    + ")");
        }
    }

    static void write(VideoFileSplit s, DataOutputStream out) throws IOException {
        out.writeUTF(s.file());
        out.writeUTF(s.cameraId());
        out.writeLong(s.startMicros());
        out.writeLong(s.endMicros());
        out.writeLong(s.epochMillis());
        out.writeDouble(s.numbering().framesPerSecond());
        out.writeLong(s.numbering().firstPtsMicros());
        out.writeLong(s.expectedFrames());
        out.writeLong(s.archiveFrames());
        out.writeInt(s.archiveSplits());
        out.writeBoolean(s.problem() != null);
        out.writeUTF(s.problem() == null ? "" : s.problem());
        out.writeLong(s.framesRead());
    }

    static VideoFileSplit read(DataInputStream in) throws IOException {
        String file = in.readUTF();
        String camera = in.readUTF();
        long start = in.readLong();
        long end = in.readLong();
        long epoch = in.readLong();
        FrameNumbering numbering = new FrameNumbering(in.readDouble(), in.readLong());
        long expected = in.readLong();
        long archiveFrames = in.readLong();
        int archiveSplits = in.readInt();
        boolean hasProblem = in.readBoolean();
        String problem = in.readUTF();
        return new VideoFileSplit(file, camera, start, end, epoch, numbering, expected, archiveFrames, archiveSplits,
                hasProblem ? problem : null, in.readLong());
    }
}
