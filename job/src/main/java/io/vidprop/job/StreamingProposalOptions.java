package io.vidprop.job;

import io.vidprop.operators.ProposalSettings;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The proposal operator's options in the streaming job ({@code run}, {@code submit}, the cluster entry): the shared
 * {@link ProposalOptions} and those that only matter to a job that runs for good (waiting for a batch, shedding stale
 * frames, the inference thread, failures, camera state). Declared once, defaults from {@link ProposalSettings}' constants.
 */
public final class StreamingProposalOptions {
    /** Hours to milliseconds, for {@code --camera-state-ttl-hours}. */
    private static final long HOUR_MILLIS = 3_600_000L;

    @Mixin
    ProposalOptions proposal;

    @Option(names = "--max-wait-ms", defaultValue = "" + ProposalSettings.DEFAULT_MAX_WAIT_MILLIS,
            description = "Longest a frame waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--max-frame-age-ms", defaultValue = "" + ProposalSettings.DEFAULT_MAX_FRAME_AGE_MILLIS,
            description = {"Live streams: frames captured longer ago than this when the model is about to run are shed "
                + "(counted in the framesShed metric and in the camera's next record); 0 never sheds (default: ${DEFAULT-VALUE})."})
    long maxFrameAgeMs;

    /** The command-line spelling of {@link ProposalSettings#DEFAULTS}' threading; no default annotation: this is it. */
    @Option(names = "--inference-thread",
            description = {"Run the model in a thread of its own while the task decodes the next batches: auto (on a GPU, "
                + "and on a CPU with 2 or more cores), true or false (default: ${DEFAULT-VALUE})."})
    String inferenceThread = ProposalSettings.DEFAULTS.inferenceThread().name().toLowerCase(Locale.ROOT);

    @Option(names = "--max-failed-batches", defaultValue = "" + ProposalSettings.DEFAULT_MAX_FAILED_BATCHES,
            description = {"Batches in a row that may fail at inference (each retried frame by frame, frames failing alone "
                + "dead-lettered) before the task fails and Flink restarts it from the last checkpoint (default: ${DEFAULT-VALUE})."})
    int maxFailedBatches;

    @Option(names = "--camera-state-ttl-hours",
            defaultValue = "" + ProposalSettings.DEFAULT_CAMERA_STATE_TTL_MILLIS / HOUR_MILLIS,
            description = {"Forget a camera's duplicate-check state this long after its last frame (a replay of its footage "
                + "after that is processed again); 0 keeps it for good (default: ${DEFAULT-VALUE})."})
    long cameraStateTtlHours;

    @Option(names = "--cpu-threads", defaultValue = "" + ProposalSettings.DEFAULT_CPU_THREADS,
            description = {"PyTorch threads for CPU inference, per task manager; 0: chosen when the operator opens (every "
                + "core for a network that costs many times the decoding, else all but one for decoding; the engine's "
                + "own default without an inference thread) (default: ${DEFAULT-VALUE})."})
    int cpuThreads;

    @Option(names = "--top", defaultValue = "" + ProposalSettings.DEFAULT_TOP,
            description = "At most this many proposals per record, best first, for cameras whose settings do not say; "
                    + "0 keeps every proposal the model keeps (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-score", defaultValue = "" + ProposalSettings.DEFAULT_MIN_SCORE,
            description = "Least objectness score of a proposal in a record, for cameras whose settings do not say "
                    + "(default: ${DEFAULT-VALUE}).")
    float minScore;

    /** The proposal operator's settings, validated. */
    public ProposalSettings settings() {
        return proposal.builder().maxWaitMillis(maxWaitMs).maxFrameAgeMillis(maxFrameAgeMs)
                .inferenceThread(ProposalSettings.InferenceThreading.parse(inferenceThread)).cpuThreads(cpuThreads)
                .maxFailedBatches(maxFailedBatches).top(top).minScore(minScore)
                .cameraStateTtlMillis(Duration.ofHours(cameraStateTtlHours).toMillis()).build();
    }
}
