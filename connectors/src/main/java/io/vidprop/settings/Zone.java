package io.vidprop.settings;

import java.io.Serializable;

/** A named region of a camera's frame whose tracks' entries and exits become events. */
public record Zone(String name, Polygon polygon) implements Serializable {
    public Zone {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a zone needs a name");
        }
        if (polygon == null) {
            throw new IllegalArgumentException("zone " + name + " needs a polygon");
        }
    }
}
