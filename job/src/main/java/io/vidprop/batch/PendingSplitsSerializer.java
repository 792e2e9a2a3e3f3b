package io.vidprop.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Binary form of the enumerator's state: the splits not yet assigned. */
final class PendingSplitsSerializer implements SimpleVersionedSerializer<List<VideoFileSplit>> {
    @Override
    public int getVersion() {
        return VideoFileSplitSerializer.VERSION;
    }

    @Override
    public byte[] serialize(List<VideoFileSplit> splits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(splits.size());
            for (VideoFileSplit s : splits) {
                VideoFileSplitSerializer.write(s, out);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public List<VideoFileSplit> deserialize(int version, byte[] serialized) throws IOException {
        VideoFileSplitSerializer.checkVersion(version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            List<VideoFileSplit> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(VideoFileSplitSerializer.read(in));
            }
            return splits;
        }
    }
}
