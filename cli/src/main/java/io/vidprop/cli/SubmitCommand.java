package io.vidprop.cli;

import io.vidprop.cluster.FlinkRestClient;
import io.vidprop.cluster.JarRun;
import io.vidprop.job.ClusterEntry;
import io.vidprop.job.FlinkConfigurationOptions;
import io.vidprop.job.KafkaPropertiesFile;
import io.vidprop.job.JobOptionsMixin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vidprop submit}: uploads the job jar to a Flink cluster over its REST API and starts the streaming job with
 * the same options as {@code vidprop run}, optionally from a savepoint.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Uploads the job jar to a Flink cluster (REST API) and starts the streaming job there with the same "
                + "options as `vidprop run`; prints the job id and its web UI page.")
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--jobmanager", defaultValue = FlinkRestClient.DEFAULT_JOBMANAGER,
            description = "The cluster's REST endpoint, HOST:PORT (default: ${DEFAULT-VALUE}).")
    String jobManager;

    /** Set by the {@code vidprop} launcher to the cluster jar it built (job/target/vidprop-job.jar). */
    static final String JOB_JAR_PROPERTY = "vidprop.job-jar";

    @Option(names = "--jar", description = "The cluster jar to upload (default: the one the vidprop launcher built, "
            + "job/target/vidprop-job.jar).")
    Path jar;

    @Option(names = {"--from-savepoint", "--savepoint"}, paramLabel = "PATH",
            description = "Start from this savepoint (or retained checkpoint) path, as the cluster sees it.")
    String savepoint;

    @Option(names = "--allow-non-restored-state", defaultValue = "false",
            description = "Start even if the savepoint has state for operators this job no longer has (default: ${DEFAULT-VALUE}).")
    boolean allowNonRestoredState;

    @Mixin
    JobOptionsMixin job;

    @Override
    public Integer call() throws Exception {
        job.options(); // Fails here, with the same message as `vidprop run`, rather than on the cluster.
        if (allowNonRestoredState && savepoint == null) {
            throw new IllegalArgumentException("--allow-non-restored-state needs --from-savepoint");
        }
        Path jobJar = jar != null ? jar : launcherJobJar();
        FlinkRestClient flink = FlinkRestClient.connect(jobManager);
        String jarId = flink.uploadJar(jobJar);
        List<String> args = new ArrayList<>();
        args.addAll(job.asRunArguments());
        String jobId = flink.runJar(jarId, new JarRun(ClusterEntry.class.getName(), args,
                kafkaSettingsForTheCluster(job.kafkaPropertiesFile()), savepoint, allowNonRestoredState));
        spec.commandLine().getOut().println("submitted job " + jobId);
        spec.commandLine().getOut().println("web UI: " + flink.jobPage(jobId));
        return 0;
    }

    /**
     * The --kafka-properties file's content as this job's Flink configuration (vidprop.kafka.KEY), not its path: the
     * JobManager has another filesystem. Not program arguments either, which the cluster shows and logs as they are;
     * Flink masks the values of sensitive keys (passwords, JAAS configurations) in its web UI and REST API.
     */
    static Map<String, String> kafkaSettingsForTheCluster(Path kafkaPropertiesFile) throws IOException {
        Map<String, String> conf = new TreeMap<>();
        Properties props = KafkaPropertiesFile.load(kafkaPropertiesFile);
        for (String key : props.stringPropertyNames()) {
            conf.put(FlinkConfigurationOptions.KAFKA_PREFIX + key, props.getProperty(key));
        }
        return conf;
    }

    static Path launcherJobJar() {
        String p = System.getProperty(JOB_JAR_PROPERTY);
        if (p == null) {
            throw new IllegalArgumentException("which cluster jar? give it with --jar (job/target/vidprop-job.jar)");
        }
        return Path.of(p);
    }
}
