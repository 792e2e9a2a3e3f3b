package io.vidprop.batch;

import io.vidprop.video.FrameNumbering;
import io.vidprop.video.VideoInfo;
import io.vidprop.video.VideoRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a file into time ranges of {@code splitSeconds}, so that one long recording spreads over every slot. Only a
 * file with a constant, known frame rate is cut (its frames are numbered from their presentation times, the same in
 * every range); another is one split, read from its start. Ranges are half-open and adjacent, so every frame belongs
 * to exactly one; the last runs to the end of the requested range, whatever the container's stated duration.
 */
final class SplitPlanner {
    private SplitPlanner() {}

    /**
     * @param epochMillis capture time of presentation time zero; null: the file's own
     * @param splitSeconds the length of a range; 0: never cut
     */
    static List<VideoFileSplit> plan(ArchiveListing.ArchiveFile file, VideoInfo info, VideoRange range, Long epochMillis,
            double splitSeconds) {
        long epoch = epochMillis != null ? epochMillis : info.epochMillis();
        FrameNumbering numbering = info.numbering();
        long fileEnd = info.durationMicros() > 0 ? info.firstPtsMicros() + info.durationMicros() : Long.MAX_VALUE;
        long end = Math.min(range.endMicros(), fileEnd);
        long step = Math.round(splitSeconds * 1e6);
        List<VideoFileSplit> out = new ArrayList<>();
        if (numbering.counted() || step <= 0 || fileEnd == Long.MAX_VALUE || end - range.startMicros() <= step) {
            long frames = info.declaredFrames() > 0 && range.isAll() ? info.declaredFrames()
                    : expected(range.startMicros(), end, info);
            out.add(split(file, range.startMicros(), range.endMicros(), epoch, numbering, frames));
            return out;
        }
        for (long s = range.startMicros(); s < end; s += step) {
            boolean last = s + step >= end;
            long e = last ? range.endMicros() : s + step;
            out.add(split(file, s, e, epoch, numbering, expected(s, Math.min(e, end), info)));
        }
        return out;
    }

    /** A file that could not be opened: one split that carries the reason. */
    static VideoFileSplit unreadable(ArchiveListing.ArchiveFile file, VideoRange range, String problem) {
        return new VideoFileSplit(file.location(), file.cameraId(), range.startMicros(), range.endMicros(), 0,
                FrameNumbering.COUNTED, 0, 0, 0, problem, 0);
    }

    private static VideoFileSplit split(ArchiveListing.ArchiveFile file, long start, long end, long epoch,
            FrameNumbering numbering, long frames) {
        return new VideoFileSplit(file.location(), file.cameraId(), start, end, epoch, numbering, frames, 0, 0, null,
                0);
    }

    private static long expected(long start, long end, VideoInfo info) {
        if (info.framesPerSecond() <= 0 || end == Long.MAX_VALUE) {
            return 0;
        }
        long from = Math.max(start, info.firstPtsMicros());
        return Math.max(0, Math.round((end - from) * info.framesPerSecond() / 1e6));
    }
}
