package io.vidprop.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Binary form of a {@link VideoFileSplit}, for checkpoints and for sending splits to readers. */
final class VideoFileSplitSerializer implements SimpleVersionedSerializer<VideoFileSplit> {
    @Override
    public int getVersion() {
        return 1;
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
        if (version != 1) {
            throw new IOException("unknown video file split version " + version);
        }
    }

    static void write(VideoFileSplit s, DataOutputStream out) throws IOException {
        out.writeUTF(s.file());
        out.writeUTF(s.cameraId());
        out.writeLong(s.startMicros());
        out.writeLong(s.endMicros());
        out.writeBoolean(s.epochMillis() != null);
        out.writeLong(s.epochMillis() == null ? 0 : s.epochMillis());
        out.writeLong(s.framesEmitted());
    }

    static VideoFileSplit read(DataInputStream in) throws IOException {
        String file = in.readUTF();
        String camera = in.readUTF();
        long start = in.readLong();
        long end = in.readLong();
        boolean hasEpoch = in.readBoolean();
        long epoch = in.readLong();
        return new VideoFileSplit(file, camera, start, end, hasEpoch ? epoch : null, in.readLong());
    }
}
