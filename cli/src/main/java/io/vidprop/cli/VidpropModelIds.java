package io.vidprop.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Model ids for models the CLI writes, so proposal records name which model made them. */
public final class VidpropModelIds {
    private VidpropModelIds() {}

    /** {@code vidprop-rpn-<output directory name>}, reduced to letters, digits, dots, dashes and underscores. */
    public static String fineTuned(Path outputDir) {
        Path name = outputDir.toAbsolutePath().normalize().getFileName();
        String base = name == null ? "model" : name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
        return "vidprop-rpn-" + base.toLowerCase(Locale.ROOT);
    }
}
