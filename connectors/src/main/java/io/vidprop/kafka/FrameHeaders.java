package io.vidprop.kafka;

/**
 * The frame contract's Kafka headers. All are optional UTF-8 strings; a frame without them still works (the Kafka
 * offset stands in for the sequence number, the record timestamp for the capture time, and the format is recognised
 * from the bytes).
 */
public final class FrameHeaders {
    /** Sequence number of the frame within its camera, a whole number; later frames have larger numbers. */
    public static final String SEQUENCE = "vidprop.seq";
    /** Capture time, milliseconds since the epoch. */
    public static final String CAPTURE_TIMESTAMP = "vidprop.capture-ts";
    /** {@code jpeg}, {@code png}, {@code bmp}, {@code webp} or {@code raw}; default: recognised from the bytes. */
    public static final String FORMAT = "vidprop.format";
    /** Raw frames only: width in pixels. */
    public static final String WIDTH = "vidprop.width";
    /** Raw frames only: height in pixels. */
    public static final String HEIGHT = "vidprop.height";
    /** Raw frames only: {@code rgb24}, {@code bgr24} or {@code gray8}. */
    public static final String PIXEL_FORMAT = "vidprop.pixel-format";
    /** Set on dead-letter records: why the frame could not be processed. */
    public static final String ERROR = "vidprop.error";

    private FrameHeaders() {}
}
