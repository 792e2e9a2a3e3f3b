package io.vidprop.video;

import io.vidprop.image.RgbImage;

/**
 * One decoded frame of a video file: its index in the file (counted from the file's first frame, whatever range is
 * read, so it is stable across re-runs), its presentation time, its capture time (the reader's epoch plus the
 * presentation time) and its pixels.
 */
public record VideoFrame(long index, long presentationMicros, long captureTimestampMillis, RgbImage image) {}
