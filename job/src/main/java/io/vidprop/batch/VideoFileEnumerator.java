package io.vidprop.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands out one file at a time to whichever reader asks, so faster readers take more files. */
final class VideoFileEnumerator implements SplitEnumerator<VideoFileSplit, List<VideoFileSplit>> {
    private final SplitEnumeratorContext<VideoFileSplit> context;
    private final ArrayDeque<VideoFileSplit> remaining;

    VideoFileEnumerator(SplitEnumeratorContext<VideoFileSplit> context, Collection<VideoFileSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {
        VideoFileSplit next = remaining.poll();
        if (next != null) {
            context.assignSplit(next, subtask);
        } else {
            context.signalNoMoreSplits(subtask);
        }
    }

    @Override
    public void addSplitsBack(List<VideoFileSplit> splits, int subtask) {
        remaining.addAll(splits);
    }

    @Override
    public void addReader(int subtask) {}

    @Override
    public List<VideoFileSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}
