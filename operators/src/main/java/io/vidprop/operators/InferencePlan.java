package io.vidprop.operators;

/**
 * How a proposal operator shares the cores between decoding (the task thread) and the network, as decided by
 * {@link InferencePlanner}.
 *
 * @param separateThread whether the network runs in a thread of its own
 * @param cpuThreads the intra-op threads to give the engine, or 0 to leave its default
 * @param reason one line for the log: what was measured and why this plan
 */
public record InferencePlan(boolean separateThread, int cpuThreads, String reason) {}
