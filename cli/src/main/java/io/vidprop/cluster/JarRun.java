package io.vidprop.cluster;

import java.util.List;

/**
 * How to run an uploaded jar: its entry class and arguments, and optionally the savepoint to start from.
 *
 * @param allowNonRestoredState start even if the savepoint holds state for operators the job no longer has
 */
public record JarRun(String entryClass, List<String> arguments, String savepointPath, boolean allowNonRestoredState) {
    public JarRun {
        if (entryClass == null || entryClass.isBlank()) {
            throw new IllegalArgumentException("an entry class is required");
        }
        arguments = List.copyOf(arguments);
    }
}
