package io.vidprop.batch;

import io.vidprop.job.ProposalJob;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.operators.ProposalOperator;
import io.vidprop.video.DamagedVideoException;
import java.io.IOException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.SerializedThrowable;

/**
 * The proposal job over an archive of video files in Flink's BATCH execution mode: the files listed and cut into time
 * ranges on the cluster, their frames built as the streaming job would read them from a replay, through the same
 * operators ({@link ProposalJob#proposals}), and every frame written by the cluster as a proposal record or a dead
 * letter ({@link BatchSinks}). Nothing comes back to the client but the job's result.
 */
public final class BatchJob {
    public static final String JOB_NAME = "vidprop batch";
    public static final String SOURCE_UID = "video-files-source";
    public static final String SOURCE_NAME = "video files";

    private BatchJob() {}

    /** Adds the batch job's graph to {@code env}. */
    public static void build(StreamExecutionEnvironment env, BatchOptions o) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(o.parallelism());
        DataStream<Frame> frames = env.fromSource(new VideoFileSource(o.source()), WatermarkStrategy.noWatermarks(),
                SOURCE_NAME).uid(SOURCE_UID);
        SingleOutputStreamOperator<ProposalRecord> proposals = ProposalJob.proposals(frames,
                ProposalJob.noCameraSettings(env), o.proposals());
        DataStream<Frame> deadLetters = proposals.getSideOutput(ProposalOperator.DEAD_LETTERS);
        if (o.outDir() != null) {
            BatchSinks.files(proposals, deadLetters, o.outDir(), o.partBytes());
        } else {
            BatchSinks.kafka(proposals, deadLetters, o.kafka());
        }
        fixParallelism(env, o.parallelism());
    }

    /**
     * Gives every operator the job's parallelism explicitly. Flink's adaptive batch scheduler (the default for BATCH
     * jobs) otherwise decides the parallelism of operators that have none set from the bytes they read (16 MiB a
     * subtask), taking the environment's parallelism as the upper bound only: an archive's JPEG frames of a few
     * hundred MB then ran the model on one subtask while other slots stayed idle.
     */
    static void fixParallelism(StreamExecutionEnvironment env, int parallelism) {
        java.util.Set<org.apache.flink.api.dag.Transformation<?>> seen = new java.util.HashSet<>();
        for (org.apache.flink.api.dag.Transformation<?> sink : env.getTransformations()) {
            for (org.apache.flink.api.dag.Transformation<?> t : sink.getTransitivePredecessors()) {
                if (seen.add(t) && !t.isParallelismConfigured()) {
                    t.setParallelism(parallelism);
                }
            }
        }
    }

    /** Builds the job and runs it to its end; a damaged file (with --fail-on-damaged) fails it with its own message. */
    public static JobExecutionResult run(StreamExecutionEnvironment env, BatchOptions o) throws Exception {
        build(env, o);
        try {
            return env.execute(JOB_NAME);
        } catch (Exception e) {
            throw damageIn(e);
        }
    }

    /** A damaged file's own message rather than Flink's job-failure wrapping. */
    public static Exception damageIn(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            boolean damage = t instanceof DamagedVideoException || (t instanceof SerializedThrowable st
                    && DamagedVideoException.class.getName().equals(st.getOriginalErrorClassName()));
            if (damage) {
                return new IOException(t.getMessage(), e);
            }
        }
        return e;
    }
}
