package io.vidprop.cluster;

import java.util.List;
import java.util.Set;

/**
 * A job as Flink's REST API shows it ({@code GET /jobs/:id}).
 *
 * @param type {@code BATCH} or {@code STREAMING} ({@code job-type})
 * @param durationMillis how long it has run, or ran
 * @param vertices its vertices (chains of operators)
 */
public record JobInfo(String id, String name, String state, String type, long durationMillis, List<Vertex> vertices) {
    /** States a job does not leave. */
    public static final Set<String> GLOBALLY_TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED");

    public JobInfo {
        vertices = List.copyOf(vertices);
    }

    /**
     * A vertex: a chain of operators, its state and the records it has read and written (exact for finished
     * subtasks, from the metrics otherwise).
     */
    public record Vertex(String id, String name, String status, int parallelism, long readRecords,
            long writeRecords) {}

    public boolean terminal() {
        return GLOBALLY_TERMINAL.contains(state);
    }

    public boolean batch() {
        return "BATCH".equals(type);
    }
}
