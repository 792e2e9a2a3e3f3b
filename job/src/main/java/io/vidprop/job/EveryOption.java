package io.vidprop.job;

import picocli.CommandLine.Option;

/** {@code --every N}: one frame in N of a video file, for triage of long recordings ({@code batch}, {@code replay}). */
public final class EveryOption {
    @Option(names = "--every", defaultValue = "1", paramLabel = "N", description = {"Process one frame in N: the frames "
            + "whose number in the file is a multiple of N; the others are not records, and sequence numbers stay the "
            + "file's (default: ${DEFAULT-VALUE}: every frame)."})
    int every;

    public int every() {
        return every;
    }
}
