package io.vidprop.tracking;

/** A track seen in the current frame: its id, its box (x1, y1, x2, y2), its proposal's score, and its age in frames. */
public record Track(long id, float[] box, float score, int age) {}
