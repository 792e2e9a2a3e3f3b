package io.vidprop.footage;

import io.vidprop.eval.RecallEvaluator;
import io.vidprop.image.RgbImage;
import io.vidprop.labels.FrameLabels;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.Proposals;
import io.vidprop.train.LabeledImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Proposal recall of a model on the labelled frames of a video, through {@link ProposalModel#propose}. */
public final class FootageRecall {
    private final RecallEvaluator evaluator;
    private long inferenceNanos;

    private FootageRecall(RecallEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Evaluates in batches; {@code progress} receives the number of frames done after each batch. */
    public static FootageRecall measure(ProposalModel model, Path video, FrameLabels labels, int batchSize,
            IntConsumer progress) throws IOException {
        return measure(model, video, labels, batchSize, false, progress);
    }

    /**
     * As {@link #measure(ProposalModel, Path, FrameLabels, int, IntConsumer)}; with {@code boxRanks}, {@link #recall()}
     * also keeps each box's ranks by frame index in the video ({@link RecallEvaluator#boxRanks()}).
     */
    public static FootageRecall measure(ProposalModel model, Path video, FrameLabels labels, int batchSize,
            boolean boxRanks, IntConsumer progress) throws IOException {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        FootageRecall r = new FootageRecall(boxRanks ? RecallEvaluator.withBoxRanks() : new RecallEvaluator());
        List<LabeledImage> batch = new ArrayList<>(batchSize);
        List<Long> frameIndices = new ArrayList<>(batchSize);
        LabelledFrames.scan(video, labels, (index, frame) -> {
            batch.add(frame);
            frameIndices.add(index);
            if (batch.size() == batchSize) {
                r.evaluate(model, batch, frameIndices);
                progress.accept((int) r.evaluator.images());
            }
        });
        if (!batch.isEmpty()) {
            r.evaluate(model, batch, frameIndices);
            progress.accept((int) r.evaluator.images());
        }
        return r;
    }

    private void evaluate(ProposalModel model, List<LabeledImage> batch, List<Long> frameIndices) {
        List<RgbImage> images = new ArrayList<>(batch.size());
        for (LabeledImage b : batch) {
            images.add(b.image());
        }
        long t0 = System.nanoTime();
        List<Proposals> proposals = model.propose(images);
        inferenceNanos += System.nanoTime() - t0;
        for (int i = 0; i < batch.size(); i++) {
            evaluator.add(frameIndices.get(i), proposals.get(i), batch.get(i).boxes());
        }
        batch.clear();
        frameIndices.clear();
    }

    public RecallEvaluator recall() {
        return evaluator;
    }

    public long inferenceNanos() {
        return inferenceNanos;
    }
}
