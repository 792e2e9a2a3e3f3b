package io.vidprop.batch;

import io.vidprop.video.DamagedVideoException;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the archive and cuts its files into splits on the cluster (in the JobManager, off its main thread), then hands
 * out one split at a time to whichever reader asks, so faster readers take more. Readers that ask before the listing
 * is done wait for it. A file that cannot be opened becomes a split carrying the reason (a dead letter), unless the
 * job stops at damaged files.
 */
final class VideoFileEnumerator implements SplitEnumerator<VideoFileSplit, List<VideoFileSplit>> {
    private static final Logger LOG = LoggerFactory.getLogger(VideoFileEnumerator.class);

    private final SplitEnumeratorContext<VideoFileSplit> context;
    private final VideoFileSource.Settings settings;
    private final ArrayDeque<VideoFileSplit> remaining = new ArrayDeque<>();
    private final Set<Integer> waiting = new LinkedHashSet<>();
    private boolean planned;

    /** A new enumerator, which lists the archive when it starts. */
    VideoFileEnumerator(SplitEnumeratorContext<VideoFileSplit> context, VideoFileSource.Settings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** An enumerator restored with the splits not yet handed out. */
    VideoFileEnumerator(SplitEnumeratorContext<VideoFileSplit> context, VideoFileSource.Settings settings,
            Collection<VideoFileSplit> splits) {
        this(context, settings);
        remaining.addAll(splits);
        planned = true;
    }

    @Override
    public void start() {
        if (!planned) {
            context.callAsync(this::plan, this::planned);
        }
    }

    private List<VideoFileSplit> plan() throws Exception {
        long t0 = System.nanoTime();
        List<ArchiveListing.ArchiveFile> files = ArchiveListing.list(settings.inputs(), settings.cameras());
        List<VideoFileSplit> splits = new ArrayList<>();
        for (ArchiveListing.ArchiveFile f : files) {
            VideoInfo info;
            try {
                info = VideoFileReader.probe(f.location());
            } catch (DamagedVideoException | IllegalArgumentException e) {
                if (settings.failOnDamaged()) {
                    throw e;
                }
                LOG.warn("{}: cannot be read, reported as a dead letter: {}", f.location(), e.getMessage());
                splits.add(SplitPlanner.unreadable(f, settings.range(), e.getMessage()));
                continue;
            }
            splits.addAll(SplitPlanner.plan(f, info, settings.range(), settings.epochMillis(),
                    settings.splitSeconds()));
        }
        long frames = splits.stream().mapToLong(VideoFileSplit::expectedFrames).sum();
        List<VideoFileSplit> out = new ArrayList<>(splits.size());
        for (VideoFileSplit s : splits) {
            out.add(s.inArchive(frames, splits.size()));
        }
        LOG.info("archive: {} files, {} splits of up to {} s, about {} frames, listed in {} ms", files.size(),
                out.size(), settings.splitSeconds(), frames, (System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    private void planned(List<VideoFileSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("listing the archive failed: " + error.getMessage(), error);
        }
        remaining.addAll(splits);
        planned = true;
        for (int subtask : new ArrayList<>(waiting)) {
            if (context.registeredReaders().containsKey(subtask)) {
                assign(subtask);
            }
        }
        waiting.clear();
    }

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {
        if (planned) {
            assign(subtask);
        } else {
            waiting.add(subtask);
        }
    }

    private void assign(int subtask) {
        VideoFileSplit next = remaining.poll();
        if (next != null) {
            context.assignSplit(next, subtask);
        } else {
            context.signalNoMoreSplits(subtask);
        }
    }

    @Override
    public void addSplitsBack(List<VideoFileSplit> splits, int subtask) {
        // A failed reader's splits, to read again from where their last checkpoint (in batch: their start) was.
        splits.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtask) {}

    @Override
    public List<VideoFileSplit> snapshotState(long checkpointId) {
        if (!planned) {
            throw new IllegalStateException("the archive is still being listed");
        }
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}
