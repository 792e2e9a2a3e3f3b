package io.vidprop.operators;

import io.vidprop.model.ProposalModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a proposal subtask has loaded, the job's ({@link #JOB_MODEL}) and those the cameras' settings name, at
 * most {@code capacity} at once: loading one more closes the least recently used (the job's too; it is loaded again
 * when a frame needs it). A model that failed to load is remembered with its reason and not tried again until
 * {@link #retry} (a settings record naming it again), so a camera whose model went missing does not cost a load per
 * batch.
 *
 * <p>Not thread-safe, like the models: only the thread that runs them touches it (the inference thread, or the task
 * thread without one), so a model is never closed under a running batch.
 */
final class LoadedModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);
    /** The key of the job's own model ({@code --model}). */
    static final String JOB_MODEL = null;

    /** Loads and checks a model: the model as given ({@link #JOB_MODEL}: the job's), ready to run. */
    @FunctionalInterface
    interface Loader {
        Loaded load(String key) throws Exception;
    }

    /**
     * A loaded model and how batches run through it (the model's inference as wrapped).
     *
     * @param cleanup run after the model is closed (a copy of a remote model's files deleted); null: nothing
     */
    record Loaded(ProposalModel model, BatchInference inference, Runnable cleanup) {
        ModelInfo info() {
            return new ModelInfo(model.modelId(), model.config().input.minSize, model.config().input.maxSize);
        }
    }

    /** What the task thread learns about a loaded model: its id, and its input size for the frames' decoder. */
    record ModelInfo(String modelId, int minSize, int maxSize) {}

    /** A model that cannot be used, with the reason (its load failed now or earlier). */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final int capacity;
    private final Loader loader;
    /** In access order: the first is the least recently used. */
    private final LinkedHashMap<String, Loaded> models = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, String> failed = new HashMap<>();
    private long loads;

    LoadedModels(int capacity, Loader loader) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one model must be loadable, got " + capacity);
        }
        this.capacity = capacity;
        this.loader = loader;
    }

    /** Adds a model loaded elsewhere (the job's, planned when the operator opened). */
    void add(String key, Loaded loaded) {
        Loaded old = models.put(key, loaded);
        if (old != null && old != loaded) {
            close(key, old);
        }
        evictBeyond(capacity);
    }

    /**
     * The model, loaded now (closing the least recently used one beyond the capacity) unless it is already.
     *
     * @throws Unavailable when it cannot be loaded or fails its check, now or when it last was tried
     */
    Loaded get(String key) throws Unavailable {
        Loaded m = models.get(key);
        if (m != null) {
            return m;
        }
        String earlier = failed.get(key);
        if (earlier != null) {
            throw new Unavailable(earlier, null);
        }
        // Room first: the model being replaced is freed before the new one takes memory.
        evictBeyond(capacity - 1);
        long t0 = System.nanoTime();
        try {
            m = loader.load(key);
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            failed.put(key, reason);
            throw new Unavailable(reason, e);
        }
        loads++;
        models.put(key, m);
        LOG.info("model {} ({}) loaded in {} ms; {} of at most {} models loaded", m.model().modelId(), name(key),
                (System.nanoTime() - t0) / 1_000_000, models.size(), capacity);
        return m;
    }

    /** Forgets that the model failed, so the next {@link #get} loads it again. */
    void retry(String key) {
        failed.remove(key);
    }

    boolean isLoaded(String key) {
        return models.containsKey(key);
    }

    /** The keys of the loaded models, least recently used first. */
    List<String> keys() {
        return new ArrayList<>(models.keySet());
    }

    /** How many models were loaded by {@link #get} (not counting those added). */
    long loads() {
        return loads;
    }

    /** Closes the least recently used models until at most {@code keep} are loaded. */
    private void evictBeyond(int keep) {
        Iterator<Map.Entry<String, Loaded>> it = models.entrySet().iterator();
        while (models.size() > keep && it.hasNext()) {
            Map.Entry<String, Loaded> eldest = it.next();
            it.remove();
            LOG.info("model {} ({}) closed: the least recently used of {} loaded", eldest.getValue().model().modelId(),
                    name(eldest.getKey()), capacity);
            close(eldest.getKey(), eldest.getValue());
        }
    }

    private static void close(String key, Loaded m) {
        try {
            m.model().close();
        } catch (RuntimeException e) {
            LOG.warn("closing model {} failed: {}", name(key), e.toString());
        } finally {
            if (m.cleanup() != null) {
                m.cleanup().run();
            }
        }
    }

    /** How a key is logged: the job's model, or the path or URI a camera's settings gave. */
    static String name(String key) {
        return key == null ? "the job's model" : key;
    }

    /** Closes every model; call only when nothing runs them any more. */
    @Override
    public void close() {
        for (Map.Entry<String, Loaded> e : models.entrySet()) {
            close(e.getKey(), e.getValue());
        }
        models.clear();
    }
}
