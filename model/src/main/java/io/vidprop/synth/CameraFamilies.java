package io.vidprop.synth;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How often each {@link CameraFamily} is drawn among camera-style scenes, as relative weights. {@link #STREET_ONLY}
 * is what every camera-style split was made of before the other families existed, and stays the default.
 */
public record CameraFamilies(double street, double indoor, double overhead, double closeUp) {
    public static final CameraFamilies STREET_ONLY = new CameraFamilies(1, 0, 0, 0);

    public CameraFamilies {
        for (double w : new double[] {street, indoor, overhead, closeUp}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("family weights are finite and >= 0, got " + w);
            }
        }
        if (street + indoor + overhead + closeUp <= 0) {
            throw new IllegalArgumentException("at least one camera family needs a positive weight");
        }
    }

    /**
     * Parses {@code street=0.4,indoor=0.25,overhead=0.2,close-up=0.15} (families left out weigh 0; weights need not
     * add up to 1).
     */
    public static CameraFamilies parse(String spec) {
        Map<CameraFamily, Double> weights = new EnumMap<>(CameraFamily.class);
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            CameraFamily family = family(kv[0].trim(), spec);
            if (kv.length != 2) {
                throw new IllegalArgumentException("camera families are NAME=WEIGHT pairs, got \"" + part.trim()
                        + "\" in \"" + spec + "\"");
            }
            try {
                weights.put(family, Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + kv[0].trim() + " is not a number: \""
                        + kv[1].trim() + "\"");
            }
        }
        return new CameraFamilies(weights.getOrDefault(CameraFamily.STREET, 0.0),
                weights.getOrDefault(CameraFamily.INDOOR, 0.0), weights.getOrDefault(CameraFamily.OVERHEAD, 0.0),
                weights.getOrDefault(CameraFamily.CLOSE_UP, 0.0));
    }

    private static CameraFamily family(String name, String spec) {
        try {
            return CameraFamily.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown camera family \"" + name + "\" in \"" + spec
                    + "\": street, indoor, overhead or close-up");
        }
    }

    /** The family of a scene; street-only draws nothing from {@code r}. */
    CameraFamily pick(Random r) {
        if (indoor == 0 && overhead == 0 && closeUp == 0) {
            return CameraFamily.STREET;
        }
        double x = r.nextDouble() * (street + indoor + overhead + closeUp);
        if ((x -= street) < 0) {
            return CameraFamily.STREET;
        }
        if ((x -= indoor) < 0) {
            return CameraFamily.INDOOR;
        }
        return x - overhead < 0 ? CameraFamily.OVERHEAD : CameraFamily.CLOSE_UP;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "street=%s,indoor=%s,overhead=%s,close-up=%s", street, indoor, overhead,
                closeUp);
    }
}
