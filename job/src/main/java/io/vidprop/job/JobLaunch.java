package io.vidprop.job;

import java.io.PrintStream;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Starting the streaming job from its parsed options, the same on a workstation ({@code vidprop run}, an embedded
 * cluster) and on a cluster ({@link ClusterEntry}): the options are validated, the graph built, the options shown in
 * the web UI as global job parameters, the Kafka transaction timeout checked against the brokers, and the job executed.
 * Only the environment differs: which one, and where its configuration comes from, is the caller's.
 */
public final class JobLaunch {
    private JobLaunch() {}

    /**
     * Runs the job until it ends (a streaming job: until cancelled or failed).
     *
     * @param kafkaSettings Kafka client settings from outside the options (Flink's configuration), under those of
     *     {@code --kafka-properties}
     * @param notes where a note that something could not be checked goes
     * @param who the program's name, before each note
     */
    public static void execute(StreamExecutionEnvironment env, JobOptionsMixin job, Properties kafkaSettings,
            PrintStream notes, String who) throws Exception {
        ProposalJobOptions options = job.options(kafkaSettings);
        ProposalJob.build(env, options);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(job.asJobParameters(options.kafkaProperties())));
        String note = ProposalJob.checkTransactionTimeout(env, options);
        if (note != null) {
            notes.println(who + ": note: " + note);
        }
        env.execute(job.jobName());
    }
}
