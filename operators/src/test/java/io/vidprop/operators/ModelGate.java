package io.vidprop.operators;

import io.vidprop.image.RgbImage;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.Proposals;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds the batches that reach the model, once {@link #shut()}, until the test {@link #open()}s the gate: a model that
 * takes as long as the test wants. Like native inference it does not stop for interrupts (it waits at most
 * {@link #LONGEST_HOLD}, so a failed test cannot hang). The wrapper names its gate, so the settings stay serialisable.
 */
final class ModelGate implements AutoCloseable {
    static final Duration LONGEST_HOLD = Duration.ofSeconds(30);
    private static final Map<String, ModelGate> GATES = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String name = "gate-" + NAMES.incrementAndGet();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean shut;
    private volatile ProposalModel model;
    private volatile Boolean modelOpenAfterHeldBatch;

    static ModelGate create() {
        ModelGate g = new ModelGate();
        GATES.put(g.name, g);
        return g;
    }

    InferenceWrapper wrapper() {
        return new Wrapper(name);
    }

    private record Wrapper(String gate) implements InferenceWrapper {
        @Override
        public BatchInference wrap(ProposalModel m) {
            ModelGate g = GATES.get(gate);
            g.model = m;
            return images -> g.run(m, images);
        }
    }

    private List<Proposals> run(ProposalModel m, List<RgbImage> images) {
        if (!shut || opened.getCount() == 0) {
            return m.propose(images);
        }
        entered.countDown();
        boolean interrupted = false;
        long deadline = System.nanoTime() + LONGEST_HOLD.toNanos();
        while (opened.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                opened.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        List<Proposals> out = m.propose(images);
        modelOpenAfterHeldBatch = modelOpen();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** From now on a batch waits in the model until {@link #open()} (the warm-up in open() has passed already). */
    void shut() {
        shut = true;
    }

    void open() {
        opened.countDown();
    }

    /** Whether a batch is waiting in the model within {@code timeout}. */
    boolean awaitBatchInModel(Duration timeout) throws InterruptedException {
        return entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the operator's model is still open (not yet freed). */
    boolean modelOpen() {
        return model.djlModel().getNDManager().isOpen();
    }

    /** Whether the model was still open when the held batch had run; null if no batch was held. */
    Boolean modelOpenAfterHeldBatch() {
        return modelOpenAfterHeldBatch;
    }

    @Override
    public void close() {
        open();
        GATES.remove(name);
    }
}
