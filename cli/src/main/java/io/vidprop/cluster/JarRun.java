package io.vidprop.cluster;

import java.util.List;
import java.util.Map;

/**
 * How to run an uploaded jar: its entry class and arguments, Flink configuration for this job only, and optionally
 * the savepoint to start from.
 *
 * @param flinkConfiguration settings for this job (the request's flinkConfiguration); Flink masks the values of
 *     sensitive keys (passwords, JAAS configurations) wherever it shows them
 * @param allowNonRestoredState start even if the savepoint holds state for operators the job no longer has
 */
public record JarRun(String entryClass, List<String> arguments, Map<String, String> flinkConfiguration,
        String savepointPath, boolean allowNonRestoredState) {
    public JarRun {
        if (entryClass == null || entryClass.isBlank()) {
            throw new IllegalArgumentException("an entry class is required");
        }
        arguments = List.copyOf(arguments);
        flinkConfiguration = Map.copyOf(flinkConfiguration);
    }
}
