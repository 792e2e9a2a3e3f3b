package io.vidprop.operators;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.vidprop.model.ProposalModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device a proposal operator runs its model on: the GPU Flink assigned to the task manager, if the engine can use it. */
final class GpuAssignment {
    /** Flink's external resource name for GPUs (its GPU plugin's {@code external-resource.gpu.*}). */
    static final String GPU_RESOURCE = "gpu";
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);

    private GpuAssignment() {}

    /**
     * @param gpus the task manager's external resources named {@link #GPU_RESOURCE}
     * @param modelPath the model (null: the built-in one), whose network's engine must see the GPU
     */
    static Device device(Set<ExternalResourceInfo> gpus, String modelPath) throws IOException {
        if (gpus.isEmpty()) {
            LOG.info("no GPU assigned by Flink (external resource '{}'): running on the CPU", GPU_RESOURCE);
            return Device.cpu();
        }
        String index = gpus.iterator().next().getProperty("index").orElse("0");
        // The engine that runs this model's network: an ONNX model on onnxruntime_gpu may have a GPU where the
        // CPU-only libtorch beside it has none.
        String engine = ProposalModel.engineFor(modelPath == null ? null : Path.of(modelPath));
        int engineGpus = Engine.getEngine(engine).getGpuCount();
        if (engineGpus == 0) {
            LOG.warn("Flink assigned GPU {} but the {} engine has no CUDA build or driver: running on the CPU",
                    index, engine);
            return Device.cpu();
        }
        int i = Integer.parseInt(index.trim());
        if (i >= engineGpus) {
            LOG.warn("Flink assigned GPU {} but the engine sees {} GPU(s): using GPU 0", i, engineGpus);
            i = 0;
        }
        return Device.gpu(i);
    }
}
