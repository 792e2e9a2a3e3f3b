package io.vidprop.video;

/**
 * How a reader numbers a file's frames: counted from its first frame ({@link #COUNTED}), or from each frame's
 * presentation time at the file's constant frame rate, so that a reader that starts in the middle of the file (after a
 * seek) gives every frame the number a reader from the start would.
 *
 * @param framesPerSecond the constant frame rate; 0 for counted
 * @param firstPtsMicros the presentation time of the file's first frame
 */
public record FrameNumbering(double framesPerSecond, long firstPtsMicros) implements java.io.Serializable {
    public static final FrameNumbering COUNTED = new FrameNumbering(0, 0);

    public FrameNumbering {
        if (!(framesPerSecond >= 0) || Double.isInfinite(framesPerSecond)) {
            throw new IllegalArgumentException("frames per second must be 0 (counted) or positive, got "
                    + framesPerSecond);
        }
    }

    public boolean counted() {
        return framesPerSecond == 0;
    }

    /** The number of the frame presented at {@code ptsMicros}. */
    public long index(long ptsMicros) {
        return Math.round((ptsMicros - firstPtsMicros) * framesPerSecond / 1e6);
    }

    /** Microseconds between two frames. */
    public double frameMicros() {
        return 1e6 / framesPerSecond;
    }
}
