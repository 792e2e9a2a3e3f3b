package io.vidprop.job;

import io.vidprop.batch.BatchJob;
import io.vidprop.batch.BatchJobOptions;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * The cluster jar's Main-Class: {@code flink run vidprop-job.jar --bootstrap-servers ...}, {@code vidprop submit}
 * ({@code POST /jars/:id/run}) and application mode start the streaming job through it with the options of
 * {@code vidprop run}, which can also come from Flink's configuration ({@link FlinkConfigurationOptions}). It never
 * calls System.exit (inside a JobManager that would end the cluster) and lets failures propagate so the cluster reports
 * them to whoever submitted the job. Its {@code batch} subcommand ({@code flink run vidprop-job.jar batch --video ...},
 * {@code vidprop batch --jobmanager}) runs the batch job over an archive instead.
 */
@Command(name = "vidprop-job", mixinStandardHelpOptions = true, subcommands = ClusterEntry.Batch.class,
        description = {"The streaming job: frames from Kafka in, region proposals to Kafka out (exactly once).",
            "`batch --video ... --out-dir DIR` runs the batch job over an archive of video files instead.",
            "Every option can also be set in Flink's configuration as vidprop.OPTION (flink run "
            + "-Dvidprop.frames-topic=cams ...), Kafka client settings as vidprop.kafka.KEY; the command line wins."})
public final class ClusterEntry implements Callable<Void> {
    @Mixin
    JobOptionsMixin job;

    private final StreamExecutionEnvironment env;
    private final FlinkConfigurationOptions fromConfiguration;

    ClusterEntry(StreamExecutionEnvironment env) {
        this.env = env;
        this.fromConfiguration = new FlinkConfigurationOptions(env.getConfiguration());
    }

    /** The command line of the cluster entry in this environment (its configuration supplies option defaults). */
    public static CommandLine commandLine(StreamExecutionEnvironment env) {
        ClusterEntry entry = new ClusterEntry(env);
        CommandLine cl = new CommandLine(entry);
        cl.setDefaultValueProvider(entry.fromConfiguration);
        return cl;
    }

    FlinkConfigurationOptions fromConfiguration() {
        return fromConfiguration;
    }

    public static void main(String[] args) throws Exception {
        run(commandLine(StreamExecutionEnvironment.getExecutionEnvironment()), args);
    }

    /** Parses and runs; bad options and failures are thrown, never turned into an exit code. */
    static void run(CommandLine cl, String... args) throws Exception {
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        if (CommandLine.printHelpIfRequested(parsed)) {
            return;
        }
        if (parsed.hasSubcommand()) {
            parsed.subcommand().commandSpec().commandLine().<Batch>getCommand().call();
        } else {
            cl.<ClusterEntry>getCommand().call();
        }
    }

    @Override
    public Void call() throws Exception {
        JobLaunch.execute(env, job, fromConfiguration.kafkaProperties(), System.err, "vidprop-job");
        return null;
    }

    /** {@code batch}: the batch job over an archive, its output written by the cluster. */
    @Command(name = "batch", mixinStandardHelpOptions = true,
            description = {"The batch job over an archive of video files (Flink BATCH execution mode): listed and cut "
                + "into time ranges on the cluster, every frame written as a proposal record or a dead letter to "
                + "--out-dir or --proposals-topic."})
    public static final class Batch implements Callable<Void> {
        @ParentCommand
        ClusterEntry entry;

        @Mixin
        BatchJobOptions batch;

        /** The batch job's options as parsed. */
        public BatchJobOptions options() {
            return batch;
        }

        @Override
        public Void call() throws Exception {
            BatchJob.build(entry.env, batch.options(entry.fromConfiguration.kafkaProperties()));
            entry.env.execute(BatchJob.JOB_NAME);
            return null;
        }
    }
}
