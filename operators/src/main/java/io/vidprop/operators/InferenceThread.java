package io.vidprop.operators;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The thread of its own that the proposal operator's model runs in (the model is not thread-safe: one thread). */
final class InferenceThread {
    private final ExecutorService executor;

    InferenceThread(String name) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    /** Runs {@code task} in this thread; the future completes there, with its result or its exception. */
    <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, executor);
    }

    /**
     * Stops the thread: work not yet started is dropped, and the work running is waited for, up to {@code timeout},
     * however often the calling thread is interrupted (Flink interrupts a task it cancels, again and again): the
     * model's native memory must not be freed under a batch. The caller's interrupt flag is set again afterwards.
     *
     * @return whether the thread has stopped, so the model may be freed
     */
    boolean stop(Duration timeout) {
        executor.shutdownNow();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return executor.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
