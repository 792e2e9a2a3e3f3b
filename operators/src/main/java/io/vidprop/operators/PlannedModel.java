package io.vidprop.operators;

import ai.djl.Device;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.model.ProposalModel;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proposal operator's model, decoder and {@link InferencePlan}, set up together: when neither the inference thread
 * nor the CPU threads are set by hand on a CPU with two or more cores, decoding and the network are timed on one
 * thread ({@link InferenceCosts}) and the plan sets the engine's threads (PyTorch's for the JVM; an ONNX session is
 * loaded again, since OnnxRuntime fixes its threads when the session is created). For a large network on a CPU, the
 * batch size is then timed with those threads ({@link BatchSizeChoice}).
 *
 * @param model the loaded model, with the plan's threads
 * @param decoder the frame decoder for this model's input size
 * @param plan how the cores are shared
 * @param batch the batch size to run, measured for a large network on a CPU ({@link BatchSizeChoice})
 */
record PlannedModel(ProposalModel model, FrameDecoder decoder, InferencePlan plan, BatchSizeChoice batch) {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedModel.class);

    static PlannedModel open(ProposalSettings settings, Device device, int cores) throws IOException {
        boolean measure = !device.isGpu() && settings.cpuThreads() == 0
                && settings.usesInferenceThread(false, cores) && settings.inferenceThread() == null;
        int loadThreads = measure ? 1 : Math.max(0, settings.cpuThreadsToSet(device.isGpu(), cores));
        ProposalModel model = load(settings, device, loadThreads);
        try {
            FrameDecoder decoder = decoder(settings, model, settings.maxPixels());
            double decodeMs = Double.NaN;
            double networkMs = Double.NaN;
            if (measure) {
                int before = ProposalModel.setCpuThreads(1);
                // The probe frame is 1280x720 whatever the frames' pixel limit (--max-pixels) allows.
                decodeMs = InferenceCosts.decodeMillis(decoder(settings, model, Long.MAX_VALUE));
                networkMs = InferenceCosts.networkMillis(model);
                ProposalModel.setCpuThreads(before);
            }
            InferencePlan plan = InferencePlan.choose(settings, device.isGpu(), cores, decodeMs, networkMs);
            if (plan.cpuThreads() > 0) {
                int before = ProposalModel.setCpuThreads(plan.cpuThreads());
                LOG.info("PyTorch CPU threads: {} (were {})", plan.cpuThreads(), before);
                if ("OnnxRuntime".equals(model.engineName()) && plan.cpuThreads() != loadThreads) {
                    model.close();
                    model = null;
                    model = load(settings, device, plan.cpuThreads());
                }
            }
            String notSearched = BatchSizeChoice.whyNotSearched(settings, device.isGpu(), model.config().network.type);
            if (notSearched == null) {
                // More threads do not make a network slower: one under the bar on one thread needs no more runs.
                notSearched = BatchSizeChoice.tooSmall(networkMs < BatchSizeChoice.SEARCH_FROM_MS ? networkMs
                        : InferenceCosts.bestNetworkMillis(model, 3));
            }
            ProposalModel timed = model;
            BatchSizeChoice batch = notSearched != null ? BatchSizeChoice.configured(settings, notSearched)
                    : BatchSizeChoice.search(settings.batchSize(),
                            size -> InferenceCosts.networkMillisPerFrame(timed, size));
            return new PlannedModel(model, decoder, plan, batch);
        } catch (IOException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            throw e;
        }
    }

    /** Decodes frames as the operator does: to the model's input size, or at full size. */
    private static FrameDecoder decoder(ProposalSettings settings, ProposalModel model, long maxPixels) {
        return settings.fullSizeDecoding() ? new FrameDecoder(maxPixels, 0, 0)
                : new FrameDecoder(maxPixels, model.config().input.minSize, model.config().input.maxSize);
    }

    private static ProposalModel load(ProposalSettings settings, Device device, int onnxThreads) throws IOException {
        return settings.modelPath() == null ? ProposalModel.loadDefault(device)
                : ProposalModel.load(Path.of(settings.modelPath()), device, onnxThreads);
    }
}
