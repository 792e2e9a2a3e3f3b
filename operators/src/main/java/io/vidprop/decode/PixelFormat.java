package io.vidprop.decode;

/** Layouts of raw (unencoded) frames. */
public enum PixelFormat {
    RGB24(3),
    BGR24(3),
    GRAY8(1);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** Parses a header value such as {@code rgb24}, naming the accepted values when it is not one. */
    public static PixelFormat parse(String value) {
        for (PixelFormat f : values()) {
            if (f.name().equalsIgnoreCase(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown pixel format '" + value + "'; expected rgb24, bgr24 or gray8");
    }
}
