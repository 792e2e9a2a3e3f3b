package io.vidprop.model;

import java.nio.file.Path;

/** A model that cannot be loaded: the message names the file and the problem. */
public class ModelLoadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String source, String problem) {
        super(source + ": " + problem);
    }

    public ModelLoadException(Path source, String problem) {
        this(source.toString(), problem);
    }

    public ModelLoadException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
