package io.vidprop.batch;

import com.google.gson.Gson;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the batch job brings back for one frame: its proposal record, or why it became a dead letter. A Flink POJO. */
public class BatchOutput {
    private static final Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    public String cameraId;
    public long sequence;
    /** Null for a dead letter. */
    public ProposalRecord proposal;
    /** Dead letters only: the frame's capture time and what was wrong with it. */
    public long captureTimestamp;
    public String error;

    public BatchOutput() {}

    static BatchOutput of(ProposalRecord r) {
        BatchOutput o = new BatchOutput();
        o.cameraId = r.cameraId;
        o.sequence = r.sequence;
        o.proposal = r;
        return o;
    }

    static BatchOutput deadLetter(Frame f) {
        BatchOutput o = new BatchOutput();
        o.cameraId = f.cameraId;
        o.sequence = f.sequence;
        o.captureTimestamp = f.captureTimestamp;
        o.error = f.problem;
        return o;
    }

    public boolean isDeadLetter() {
        return proposal == null;
    }

    /** The JSON line: the proposal record's own JSON, or {cameraId, sequence, captureTimestamp, error}. */
    public String toJson() {
        if (proposal != null) {
            return proposal.toJson();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cameraId", cameraId);
        m.put("sequence", sequence);
        m.put("captureTimestamp", captureTimestamp);
        m.put("error", error);
        return GSON.toJson(m);
    }
}
