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
 * slots without GPUs anywhere.
 */
public final class InferenceSlots implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_GROUP = "default";
    public static final String IO_GROUP = "io";
    /** The options' defaults for a separate group: no GPU (no resource profile), and with GPUs 1 core and 1 GB heap. */
    public static final int DEFAULT_GPUS = 0;
    public static final int DEFAULT_CPU_CORES = 1;
    public static final int DEFAULT_HEAP_MB = 1024;
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
        if (group == null || group.isBlank() || group.equals(DEFAULT_GROUP) || group.equals(IO_GROUP)) {
            throw new IllegalArgumentException("the inference slot sharing group needs a name other than \"default\" "
                    + "and \"io\"");
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

    /**
     * The group of the Kafka source and both sinks. Without a GPU profile, Flink's default group (sinks would otherwise
     * follow the proposal operator into its group). With one, a group "io" with the same CPU and heap but no GPU:
     * under fine-grained resource management a slot of the default group, placed on a GPU task manager, would take a
     * share of its GPU and could leave none for inference.
     */
    public SlotSharingGroup ioSlotSharingGroup() {
        if (gpus > 0) {
            return SlotSharingGroup.newBuilder(IO_GROUP).setCpuCores(cpuCores).setTaskHeapMemoryMB(heapMb).build();
        }
        return SlotSharingGroup.newBuilder(DEFAULT_GROUP).build();
    }
}
