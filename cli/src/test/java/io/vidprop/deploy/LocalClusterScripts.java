package io.vidprop.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.cli.FileTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Runs deploy/local's scripts against one run directory, as the multi-process cluster tests do. */
final class LocalClusterScripts {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /**
     * A local cluster that start-cluster.sh started.
     *
     * @param restEndpoint the job manager's REST endpoint, host:port
     * @param bootstrapServers the broker's bootstrap servers, as its bootstrap file gives them
     */
    record Cluster(String restEndpoint, String bootstrapServers) {}

    private LocalClusterScripts() {}

    /**
     * Starts the cluster in a fresh run directory (its old content deleted) on free ports, two task managers, without
     * building; {@code env} adds to or overrides that. Waits for it (at most six minutes), failing with the script's
     * output, which goes to {@code outputDir/start-cluster.out}.
     */
    static Cluster startCluster(Path runDir, Path outputDir, Map<String, String> env) throws Exception {
        FileTrees.deleteRecursively(runDir);
        Files.createDirectories(runDir);
        int restPort = freePort();
        Map<String, String> all = new HashMap<>(Map.of("VIDPROP_REST_PORT", Integer.toString(restPort),
                "VIDPROP_RPC_PORT", Integer.toString(freePort()), "VIDPROP_KAFKA_PORT", Integer.toString(freePort()),
                "VIDPROP_SKIP_BUILD", "1", "VIDPROP_TASK_MANAGERS", "2"));
        all.putAll(env);
        Path output = outputDir.resolve("start-cluster.out");
        Process p = start(runDir, "start-cluster.sh", all, output);
        boolean done = p.waitFor(6, TimeUnit.MINUTES);
        assertTrue(done && p.exitValue() == 0, "start-cluster.sh failed:\n" + Files.readString(output));
        return new Cluster("127.0.0.1:" + restPort, Files.readString(runDir.resolve("kafka.bootstrap")).trim());
    }

    /** Starts {@code deploy/local/SCRIPT ARGS} with the run directory and {@code env}, its output to {@code output}. */
    static Process start(Path runDir, String script, Map<String, String> env, Path output, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/local/" + script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("VIDPROP_RUN_DIR", runDir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a script to its end (at most two minutes), failing with its output unless it succeeds. */
    static void run(Path runDir, Path outputDir, String script, String... args) throws Exception {
        Path out = outputDir.resolve(script + ".out");
        Process p = start(runDir, script, Map.of(), out, args);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, script + " " + List.of(args) + ": "
                + Files.readString(out));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Consecutive free loopback ports. */
    static int[] freePortRange(int n) throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20000 + random.nextInt(30000);
            int[] ports = new int[n];
            boolean free = true;
            for (int i = 0; i < n && free; i++) {
                ports[i] = base + i;
                try (ServerSocket s = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress())) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return ports;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }

    /** Ports as start-cluster.sh takes a range: FIRST-LAST. */
    static String portRange(int[] ports) {
        return ports[0] + "-" + ports[ports.length - 1];
    }
}
