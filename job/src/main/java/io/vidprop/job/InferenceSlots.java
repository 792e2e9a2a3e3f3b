package io.vidprop.job;

import io.vidprop.operators.ProposalOperator;
import java.util.Optional;
import org.apache.flink.api.common.operators.SlotSharingGroup;

/**
 * Which task slots run the proposal operator (decoding and inference). {@link #SHARED}: every operator shares
 * Flink's default slot sharing group, so a cluster of identical (GPU or CPU) task managers runs each pipeline
 * in one slot. {@link #separate}: the proposal operator gets its own slot sharing group, optionally with a
 * resource profile that asks for GPUs ("gpu" external resource) under fine-grained resource management, so that on a
 * cluster with GPU and CPU task managers inference lands on GPU slots while the Kafka source and sinks run in
 * default slots anywhere.
 */
public final class InferenceSlots implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_GROUP = "default";
    public static final InferenceSlots SHARED = new InferenceSlots(null, 0, 0, 0);

    private final String group;
    private final double gpus;
    private final double cpuCores;
    private final int heapMb;

    private InferenceSlots(String group, double gpus, double cpuCores, int heapMb) {
        this.group = group;
        this.gpus = gpus;
        this.cpuCores = cpuCores;
        this.heapMb = heapMb;
    }

    /** The proposal operator in a slot sharing group of its own, with no resource profile. */
    public static InferenceSlots separate(String group) {
        return separate(group, 0, 0, 0);
    }

    /**
     * The proposal operator in a slot sharing group of its own whose slots each need this many GPUs, CPU cores and
     * MB of task heap (Flink needs CPU and heap whenever a group declares resources). With gpus 0, no profile.
     */
    public static InferenceSlots separate(String group, double gpus, double cpuCores, int heapMb) {
        if (group == null || group.isBlank() || group.equals(DEFAULT_GROUP)) {
            throw new IllegalArgumentException("the inference slot sharing group needs a name other than \"default\"");
        }
        if (gpus < 0) {
            throw new IllegalArgumentException("GPUs per inference slot must not be negative, got " + gpus);
        }
        if (gpus > 0 && (cpuCores <= 0 || heapMb <= 0)) {
            throw new IllegalArgumentException("an inference slot with GPUs needs positive CPU cores and heap, got "
                    + cpuCores + " cores and " + heapMb + " MB");
        }
        return new InferenceSlots(group, gpus, cpuCores, heapMb);
    }

    /** The proposal operator's group, or empty when it shares the default one. */
    public Optional<SlotSharingGroup> slotSharingGroup() {
        if (group == null) {
            return Optional.empty();
        }
        SlotSharingGroup.Builder b = SlotSharingGroup.newBuilder(group);
        if (gpus > 0) {
            b.setCpuCores(cpuCores).setTaskHeapMemoryMB(heapMb).setExternalResource(ProposalOperator.GPU_RESOURCE, gpus);
        }
        return Optional.of(b.build());
    }

    /** Sinks stay in the default group: without this they would follow the proposal operator into its group. */
    public String sinkSlotSharingGroup() {
        return DEFAULT_GROUP;
    }
}
