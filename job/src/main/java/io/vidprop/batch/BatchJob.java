package io.vidprop.batch;

import io.vidprop.job.ProposalJob;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.operators.ProposalOperator;
import io.vidprop.video.DamagedVideoException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.SerializedThrowable;

/**
 * The proposal job over video files in Flink's BATCH execution mode: the files' frames, built as the streaming job
 * would read them from a replay, through the same operators ({@link ProposalJob#proposals}). Every frame comes back
 * as a proposal record or a dead letter, sorted by camera and sequence number.
 */
public final class BatchJob {
    public static final String SOURCE_UID = "video-files-source";

    /** Proposal records and dead letters, each sorted by camera and sequence number. */
    public record Result(List<ProposalRecord> proposals, List<BatchOutput> deadLetters) {}

    private BatchJob() {}

    public static Result run(StreamExecutionEnvironment env, BatchOptions o) throws Exception {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(o.parallelism());
        DataStream<io.vidprop.kafka.Frame> frames = env.fromSource(new VideoFileSource(o.splits(), o.jpegQuality()),
                WatermarkStrategy.noWatermarks(), "video files").uid(SOURCE_UID);
        SingleOutputStreamOperator<ProposalRecord> proposals = ProposalJob.proposals(frames,
                ProposalJob.noCameraSettings(env), o.proposals());
        TypeInformation<BatchOutput> type = TypeInformation.of(BatchOutput.class);
        DataStream<BatchOutput> out = proposals.map(BatchOutput::of).returns(type).name("proposal records")
                .union(proposals.getSideOutput(ProposalOperator.DEAD_LETTERS).map(BatchOutput::deadLetter)
                        .returns(type).name("dead letters"));
        List<ProposalRecord> records = new ArrayList<>();
        List<BatchOutput> deadLetters = new ArrayList<>();
        try (CloseableIterator<BatchOutput> it = out.executeAndCollect("vidprop batch")) {
            while (it.hasNext()) {
                BatchOutput b = it.next();
                if (b.isDeadLetter()) {
                    deadLetters.add(b);
                } else {
                    records.add(b.proposal);
                }
            }
        } catch (Exception e) {
            throw damageIn(e);
        }
        records.sort(Comparator.comparing((ProposalRecord r) -> r.cameraId).thenComparingLong(r -> r.sequence));
        deadLetters.sort(Comparator.comparing((BatchOutput b) -> b.cameraId).thenComparingLong(b -> b.sequence));
        return new Result(records, deadLetters);
    }

    /** A damaged file's own message rather than Flink's job-failure wrapping. */
    private static Exception damageIn(Exception e) {
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
