package io.vidprop.rpn;

import java.util.Locale;

/** How {@link ProposalFilter} removes overlapping proposals. */
public enum NmsMethod {
    /** Greedy NMS as torchvision's RPN does it ({@link Nms}): overlapping boxes are dropped. */
    HARD,
    /** Linear Soft-NMS ({@link SoftNms}): overlapping boxes are demoted by {@code 1 - IoU}, not dropped. */
    SOFT_LINEAR;

    /** The configuration name: {@code hard} or {@code soft-linear}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The method with this configuration name. */
    public static NmsMethod fromConfigName(String name) {
        for (NmsMethod m : values()) {
            if (m.configName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown NMS method '" + name + "', expected hard or soft-linear");
    }
}
