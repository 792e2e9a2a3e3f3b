package io.vidprop.video;

/**
 * What a video file's header (and its first frame) says, read without decoding the file: enough to plan how to split
 * it by time and to number its frames.
 *
 * @param durationMicros the container's duration; 0 if it does not say
 * @param framesPerSecond the video stream's average frame rate; 0 if unknown
 * @param constantFrameRate whether the container times every frame (MP4, MOV, MKV, WebM) and the stream's base and
 *     average frame rates agree, so frames can be numbered from
 *     their presentation times
 * @param firstPtsMicros the first frame's presentation time
 * @param declaredFrames frames the container declares; 0 if it does not say
 * @param epochMillis capture time of presentation time zero: the file's creation_time metadata, else its modification
 *     time
 */
public record VideoInfo(long durationMicros, double framesPerSecond, boolean constantFrameRate, long firstPtsMicros,
        long declaredFrames, long epochMillis) implements java.io.Serializable {

    /** Frames numbered from presentation times when the frame rate is constant and known, else counted. */
    public FrameNumbering numbering() {
        return constantFrameRate && framesPerSecond > 0 ? new FrameNumbering(framesPerSecond, firstPtsMicros)
                : FrameNumbering.COUNTED;
    }
}
