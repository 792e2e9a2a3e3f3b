package io.vidprop.tracking;

/**
 * One camera's tracks, as keyed state: a Flink POJO of primitive arrays (one entry per live track), so it is
 * checkpointed without a custom serializer and fields may be added later. Track ids count up from 1 per camera and are
 * never reused.
 */
public class TrackerState {
    /** The id the camera's next track gets. */
    public long nextId = 1;
    public long[] ids = new long[0];
    /** x1, y1, x2, y2 per track: its last matched box, or its prediction while it goes unmatched. */
    public float[] boxes = new float[0];
    /** The box's change per frame, per coordinate. */
    public float[] velocities = new float[0];
    public float[] scores = new float[0];
    /** Frames since the track started. */
    public int[] ages = new int[0];
    /** Frames in a row without a matching proposal. */
    public int[] missed = new int[0];
    /** Bit z set: the track's centre was inside the camera's zone z at its last match. */
    public long[] zonesInside = new long[0];

    public TrackerState() {}

    public int size() {
        return ids.length;
    }
}
