package io.vidprop.operators;

/**
 * How a CPU proposal operator shares the cores between decoding (the task thread) and the network (the inference
 * thread), chosen from what one frame of each costs. A small network (vidprop's built-in one: about 5 ms a frame
 * against 2.5 ms of decoding) keeps a core for decoding, so the two overlap; a network that costs many times the
 * decoding (a torchvision backbone: 80 ms and more) gets every core, since a core kept for decoding would sit idle
 * most of the time while the network, which sets the pace, ran on one core fewer. Manual settings
 * ({@link ProposalSettings#inferenceThread()}, {@link ProposalSettings#cpuThreads()}) always win.
 *
 * @param separateThread whether the network runs in a thread of its own
 * @param cpuThreads the intra-op threads to give the engine, or 0 to leave its default
 * @param reason one line for the log: what was measured and why this plan
 */
public record InferencePlan(boolean separateThread, int cpuThreads, String reason) {
    /**
     * The network gets every core when decoding a frame costs less than this share of the network's time per core:
     * decoding then needs under half a core's worth of the time the network would gain.
     */
    static final double ALL_CORES_BELOW = 0.5;

    /**
     * The plan for {@code cores} cores and the measured milliseconds a frame of decoding and of the network (on one
     * thread); either cost may be NaN when it was not measured, which keeps the default of a core for decoding.
     */
    public static InferencePlan choose(ProposalSettings settings, boolean gpu, int cores, double decodeMs,
            double networkMs) {
        boolean separate = settings.usesInferenceThread(gpu, cores);
        if (gpu) {
            return new InferencePlan(separate, 0, "GPU: the CPU thread count is left alone");
        }
        if (settings.cpuThreads() > 0) {
            return new InferencePlan(separate, settings.cpuThreads(), "CPU threads set to " + settings.cpuThreads());
        }
        if (!separate) {
            return new InferencePlan(false, 0, settings.inferenceThread() == null
                    ? "one core: the network runs in the task thread" : "inference thread turned off");
        }
        String costs = String.format(java.util.Locale.ROOT, "decoding %.1f ms, network %.1f ms a frame on one thread",
                decodeMs, networkMs);
        if (decodeMs >= 0 && networkMs > 0 && decodeMs * cores < ALL_CORES_BELOW * networkMs) {
            return new InferencePlan(true, cores, costs + ": the network gets all " + cores + " cores");
        }
        int threads = Math.max(1, cores - 1);
        return new InferencePlan(true, threads, (Double.isNaN(decodeMs) || Double.isNaN(networkMs)
                ? "costs not measured" : costs) + ": the network gets " + threads + " of " + cores
                + " cores, decoding the one left");
    }
}
