package io.vidprop.operators;

import ai.djl.Device;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.model.ProposalModel;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proposal operator's model and decoder, opened and set up as {@link InferencePlanner} decides: when it measures
 * costs, decoding and the network are timed on one thread ({@link InferenceCosts}) before the engine's threads are set
 * (PyTorch's for the JVM; an ONNX session is loaded again, since OnnxRuntime fixes its threads when the session is
 * created); for a large network on a CPU the batch size is then timed with those threads.
 *
 * @param model the loaded model, with the plan's threads
 * @param device where the model runs
 * @param decoder the frame decoder for this model's input size
 * @param plan how the cores are shared
 * @param batch the batch size to run
 */
record PlannedModel(ProposalModel model, Device device, FrameDecoder decoder, InferencePlan plan,
        BatchSizeChoice batch) {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedModel.class);

    static PlannedModel open(ProposalSettings settings, Device device, int cores) throws IOException {
        InferencePlanner planner = new InferencePlanner(settings, device.isGpu(), cores);
        int loadThreads = planner.loadThreads();
        ProposalModel model = load(settings, device, loadThreads);
        try {
            FrameDecoder decoder = decoder(settings, model, settings.maxPixels());
            double decodeMs = Double.NaN;
            double networkMs = Double.NaN;
            if (planner.measuresCosts()) {
                int before = ProposalModel.setCpuThreads(1);
                // The probe frame is 1280x720 whatever the frames' pixel limit (--max-pixels) allows.
                decodeMs = InferenceCosts.decodeMillis(decoder(settings, model, Long.MAX_VALUE));
                networkMs = InferenceCosts.networkMillis(model);
                ProposalModel.setCpuThreads(before);
            }
            InferencePlan plan = planner.threads(decodeMs, networkMs);
            if (plan.cpuThreads() > 0) {
                int before = ProposalModel.setCpuThreads(plan.cpuThreads());
                LOG.info("PyTorch CPU threads: {} (were {})", plan.cpuThreads(), before);
                if ("OnnxRuntime".equals(model.engineName()) && plan.cpuThreads() != loadThreads) {
                    model.close();
                    model = null;
                    model = load(settings, device, plan.cpuThreads());
                }
            }
            ProposalModel timed = model;
            double oneThreadMs = networkMs;
            // More threads do not make a network slower: one under the bar on one thread needs no more runs.
            BatchSizeChoice batch = planner.batchSize(planner.batchSizing(model.config().network.type),
                    () -> oneThreadMs < BatchSizeChoice.SEARCH_FROM_MS ? oneThreadMs
                            : InferenceCosts.bestNetworkMillis(timed, 3),
                    size -> InferenceCosts.networkMillisPerFrame(timed, size));
            return new PlannedModel(model, device, decoder, plan, batch);
        } catch (IOException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            throw e;
        }
    }

    /**
     * The runner of batches of this model and of the cameras' own models (loaded as frames need them, at most
     * {@code maxLoaded} at once), as planned (in a thread of its own or the task's), the job's model warmed up: a model
     * that cannot run fails here, naming it. Every model gets this model's device, threads and batch size.
     *
     * @param wrapper wraps each model's inference (null: none)
     * @param pad whether batches are filled up to the batch size
     */
    BatchRunner runner(InferenceWrapper wrapper, boolean pad, String task, ProposalSettings settings, int maxLoaded)
            throws ModelFailureException {
        LOG.info("proposal operator {} uses model {} ({}) on device {} with engine {}", task, model.modelId(),
                model.source(), device, model.engineName());
        LOG.info("inference plan: {}; {}", plan.reason(), batch.reason());
        LoadedModels models = new LoadedModels(maxLoaded, key -> load(key, settings, wrapper));
        models.add(LoadedModels.JOB_MODEL, new LoadedModels.Loaded(model, wrap(wrapper, model), null));
        BatchRunner runner = new BatchRunner(models,
                plan.separateThread() ? new InferenceThread("vidprop inference " + task) : null,
                pad ? batch.batchSize() : 0);
        try {
            runner.warmUp();
        } catch (ModelFailureException | RuntimeException e) {
            if (runner.stop(ProposalOperator.CLOSE_TIMEOUT)) {
                runner.closeModels();
            }
            throw e;
        }
        LOG.info("inference runs in {}", runner.inline() ? "the task thread" : "a thread of its own, overlapping decoding");
        return runner;
    }

    private static BatchInference wrap(InferenceWrapper wrapper, ProposalModel m) {
        return wrapper == null ? m::propose : wrapper.wrap(m);
    }

    /**
     * Loads a model the operator needs after it opened (a camera's, or the job's again after it was closed) on this
     * model's device with the plan's threads, and checks it as the job's was: one run on a blank image.
     */
    private LoadedModels.Loaded load(String key, ProposalSettings settings, InferenceWrapper wrapper)
            throws IOException, ModelFailureException {
        int threads = Math.max(0, plan.cpuThreads());
        if (key == LoadedModels.JOB_MODEL) {
            ProposalModel m = load(settings, device, threads);
            return checked(m, wrap(wrapper, m), null);
        }
        ModelLocation where = ModelLocation.of(key);
        ProposalModel m;
        try {
            m = ProposalModel.load(where.local(), device, threads);
        } catch (IOException | RuntimeException e) {
            where.deleteCopy();
            throw e;
        }
        return checked(m, wrap(wrapper, m), where::deleteCopy);
    }

    private static LoadedModels.Loaded checked(ProposalModel m, BatchInference inference, Runnable cleanup)
            throws ModelFailureException {
        try {
            BatchRunner.check(inference, m.config().input.minSize, m.modelId() + " (" + m.source() + ")");
            return new LoadedModels.Loaded(m, inference, cleanup);
        } catch (ModelFailureException | RuntimeException e) {
            m.close();
            if (cleanup != null) {
                cleanup.run();
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
