package io.vidprop.tracking;

/** A track's centre entering or leaving a named zone. */
public record ZoneEvent(Kind kind, String zone, long trackId, float[] box) {
    public enum Kind {
        ENTER, EXIT;

        public String json() {
            return this == ENTER ? "enter" : "exit";
        }
    }
}
