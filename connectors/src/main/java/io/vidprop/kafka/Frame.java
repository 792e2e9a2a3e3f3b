package io.vidprop.kafka;

/**
 * A frame read from Kafka, before decoding: who sent it, its place in the camera's sequence, how its bytes are
 * encoded, the bytes, and everything needed to send it to the dead-letter topic unchanged. A Flink POJO.
 */
public class Frame {
    public String cameraId;
    /** The {@code vidprop.seq} header, else the Kafka offset (see {@link #sequenced}). */
    public long sequence;
    /**
     * Whether {@link #sequence} came from a well-formed {@code vidprop.seq} header: only such frames take part in
     * their camera's duplicate check.
     */
    public boolean sequenced;
    public long captureTimestamp;
    /** Declared format, or null to recognise it from the bytes. */
    public String format;
    public int width;
    public int height;
    public String pixelFormat;
    public byte[] payload;
    public String[] headerKeys;
    public byte[][] headerValues;
    public String topic;
    public int partition;
    public long offset;
    /** Wall-clock time the job read the frame, for latency. */
    public long receivedAtMillis;
    /** Why the record is not a usable frame (bad header), or null. */
    public String problem;

    public Frame() {}

    public boolean isRaw() {
        return "raw".equals(format);
    }

    @Override
    public String toString() {
        return "Frame{" + cameraId + "#" + sequence + " " + topic + "-" + partition + "@" + offset + " "
                + (payload == null ? 0 : payload.length) + " bytes" + (problem == null ? "" : " problem=" + problem)
                + "}";
    }
}
