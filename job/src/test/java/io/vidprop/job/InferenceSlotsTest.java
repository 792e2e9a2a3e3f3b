package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.resources.ExternalResource;
import org.apache.flink.runtime.clusterframework.types.ResourceProfile;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The job graph's slot sharing groups: where inference runs relative to the Kafka source and sinks. */
class InferenceSlotsTest {
    static final java.util.List<String> ALL_UIDS = java.util.List.of(ProposalJob.SOURCE_UID, ProposalJob.OPERATOR_UID,
            ProposalJob.SINK_UID, ProposalJob.DEAD_LETTER_UID);

    static StreamGraph graph(InferenceSlots slots) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProposalJob.build(env, ProposalJobOptions.builder().inferenceSlots(slots).build());
        return env.getStreamGraph();
    }

    /** Slot sharing group of each operator, by the operator's UID. */
    static Map<String, String> groups(StreamGraph g) {
        Map<String, String> out = new TreeMap<>();
        for (StreamNode n : g.getStreamNodes()) {
            if (n.getTransformationUID() != null) {
                out.put(n.getTransformationUID(), n.getSlotSharingGroup());
            }
        }
        return out;
    }

    @Test
    void byDefaultEveryOperatorSharesTheDefaultGroup() {
        Map<String, String> groups = groups(graph(InferenceSlots.SHARED));
        assertTrue(groups.keySet().containsAll(ALL_UIDS), groups.toString());
        groups.forEach((uid, group) -> assertEquals("default", group, uid));
    }

    @Test
    void aSeparateGroupHoldsOnlyInferenceAndAsksForTheGpusPerSlot() {
        StreamGraph g = graph(InferenceSlots.separate("inference", 1, 2, 1024));
        Map<String, String> groups = groups(g);
        assertTrue(groups.keySet().containsAll(ALL_UIDS), groups.toString());
        // The source and the sinks (writers and committers) in a group of their own, without GPUs.
        groups.forEach((uid, group) -> assertEquals(uid.equals(ProposalJob.OPERATOR_UID) ? "inference" : "io",
                group, uid));
        ResourceProfile profile = g.getSlotSharingGroupResource("inference").orElseThrow();
        assertEquals(new ExternalResource("gpu", 1), profile.getExtendedResources().get("gpu"));
        assertEquals(0, profile.getCpuCores().getValue().compareTo(BigDecimal.valueOf(2)));
        assertEquals(1024, profile.getTaskHeapMemory().getMebiBytes());
        ResourceProfile io = g.getSlotSharingGroupResource("io").orElseThrow();
        assertTrue(io.getExtendedResources().isEmpty(), "source and sinks need no GPU: " + io);
        assertEquals(1024, io.getTaskHeapMemory().getMebiBytes());
    }

    @Test
    void aGroupWithoutGpusHasNoResourceProfile() {
        StreamGraph g = graph(InferenceSlots.separate("inference"));
        groups(g).forEach((uid, group) -> assertEquals(uid.equals(ProposalJob.OPERATOR_UID) ? "inference" : "default",
                group, uid));
        assertTrue(g.getSlotSharingGroupResource("inference").isEmpty());
    }

    @Test
    void badSettingsAreRejectedWithTheReason() {
        assertEquals("the inference slot sharing group needs a name other than \"default\" and \"io\"",
                assertThrows(IllegalArgumentException.class, () -> InferenceSlots.separate("default")).getMessage());
        assertEquals("an inference slot with GPUs needs positive CPU cores and heap, got 0.0 cores and 512 MB",
                assertThrows(IllegalArgumentException.class,
                        () -> InferenceSlots.separate("inference", 1, 0, 512)).getMessage());
    }
}
