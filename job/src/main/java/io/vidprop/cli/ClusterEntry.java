package io.vidprop.cli;

import picocli.CommandLine;

/**
 * The entry class for Flink's jar runner ({@code vidprop submit}, {@code POST /jars/:id/run}, application mode):
 * the same command line as {@code vidprop}, but it never calls System.exit (inside a JobManager that would end the
 * cluster) and lets failures propagate so the cluster reports them to whoever submitted the job.
 */
public final class ClusterEntry {
    private ClusterEntry() {}

    public static void main(String[] args) {
        CommandLine cl = Vidprop.commandLine();
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            throw e;
        });
        cl.setParameterExceptionHandler((e, arguments) -> {
            throw e;
        });
        int code = cl.execute(args);
        if (code != 0) {
            throw new IllegalStateException("vidprop " + String.join(" ", args) + " exited with code " + code);
        }
    }
}
