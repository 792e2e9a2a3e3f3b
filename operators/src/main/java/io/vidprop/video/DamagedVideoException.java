package io.vidprop.video;

import java.io.IOException;

/** A video file that stops being readable part-way; the frames before the damage were read normally. */
public final class DamagedVideoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long readableFrames;

    DamagedVideoException(String message, long readableFrames, Throwable cause) {
        super(message, cause);
        this.readableFrames = readableFrames;
    }

    /** How many frames, from the file's first, could be read before the damage. */
    public long readableFrames() {
        return readableFrames;
    }
}
