package io.vidprop.operators;

import io.vidprop.decode.DecodedFrame;
import io.vidprop.kafka.CameraEvent;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import io.vidprop.settings.CameraSettingsUpdate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful proposal operator, keyed by camera, in the shape of Flink's {@code AsyncWaitOperator}: it answers
 * Flink's callbacks and leaves the work to its parts.
 *
 * <ul>
 *   <li>Admission: a frame with a malformed header is a dead letter at once; the rest pass their camera's duplicate
 *       check and its {@code every} ({@link CameraState}) and are decoded in this task (decoded pixels never cross the
 *       network; a frame that cannot be decoded is a dead letter).</li>
 *   <li>Camera settings ({@link CameraSettingsStore}), the second input, broadcast from the settings topic: each
 *       frame takes its camera's settings when it is admitted, and its record follows them (regions, top, min score,
 *       tracks and zone events, and the model). Settings that name a model are checked first: the model is loaded
 *       (in the model's thread, while this task waits, running its mailbox) and must pass its warm-up; if it cannot,
 *       the settings are refused and the camera keeps its settings and model.</li>
 *   <li>{@link BatchBuffer}: frames of all cameras wait until one model's frames fill a batch or the oldest frame has
 *       waited {@code maxWait}; a live stream's stale frames are then shed ({@link StaleFrameShedder}), and the rest
 *       split into one batch per model.</li>
 *   <li>{@link BatchRunner}: the batch's model ({@link LoadedModels}: the job's and the cameras' own, loaded on first
 *       use, the least recently used closed beyond {@code maxLoadedModels}) runs it in its own thread while this task
 *       decodes the next (or here, as {@link InferencePlanner} decides); a failed batch is retried frame by frame, and
 *       {@link BatchFailures} tells bad frames (dead letters) from a broken model (the task fails and restarts from its
 *       checkpoint).</li>
 *   <li>{@link OutputQueue}: batches, shed counts and held watermarks leave in input order; a finished batch is
 *       completed through the task's mailbox, so records are emitted and keyed state touched only in the task
 *       thread. With two batches queued a full buffer yields to the mailbox until one is out: an overloaded model
 *       slows the task, backpressure reaches the Kafka source, and memory stays bounded. Batches waiting for room
 *       wait in the {@link QueueHandOff}, where a flush run meanwhile (finish(), a barrier) finds them.</li>
 * </ul>
 *
 * <p>Exactly once: the buffer and the queue are emptied before every checkpoint barrier, so a checkpoint holds only
 * the cameras' state and the source offsets of frames not yet processed; after a failure those frames are read again.
 * Closing (also on cancel) waits for a running batch before it frees the models. Loaded models are not state: after a
 * restore each camera's model (in its settings, broadcast state) is loaded again when its first frame needs it.
 */
public final class ProposalOperator extends AbstractStreamOperator<ProposalRecord>
        implements TwoInputStreamOperator<Frame, CameraSettingsUpdate, ProposalRecord> {
    private static final long serialVersionUID = 1L;
    /** Its own logger: vidprop's configuration quiets org.apache.flink, which would hide the plan lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);
    public static final OutputTag<Frame> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(Frame.class));
    /** Tracks entering and leaving their camera's zones. */
    public static final OutputTag<CameraEvent> ZONE_EVENTS = new OutputTag<>("zone-events",
            TypeInformation.of(CameraEvent.class));
    /** Settings records that could not be used, with the reason; the camera keeps its settings. */
    public static final OutputTag<CameraSettingsUpdate> SETTINGS_DEAD_LETTERS = new OutputTag<>(
            "settings-dead-letters", TypeInformation.of(CameraSettingsUpdate.class));
    public static final String GPU_RESOURCE = GpuAssignment.GPU_RESOURCE;
    /** Accumulator (a long) of the frames given a proposal record, exact in a finished job's result. */
    public static final String FRAMES_OUT_ACCUMULATOR = ProposalMetrics.ACCUMULATOR_FRAMES_OUT;
    /** Accumulator (a long) of the dead letters, exact in a finished job's result. */
    public static final String DEAD_LETTERS_ACCUMULATOR = ProposalMetrics.ACCUMULATOR_DEAD_LETTERS;
    /** One batch running and one queued, so the model starts the next the moment it finishes one. */
    private static final int MAX_BATCHES_IN_FLIGHT = 2;
    /** How long close waits for a running batch before it leaks the model rather than free it under the batch. */
    static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(1);

    private final ProposalSettings settings;
    private final InferenceWrapper inferenceWrapper;
    private final WallClock clock;

    private transient MailboxExecutor mailbox;
    private transient FrameDecoders decoders;
    private transient BatchRunner runner;
    private transient int batchSize;
    private transient CameraState cameras;
    private transient CameraSettingsStore cameraSettings;
    private transient BatchBuffer buffer;
    private transient StaleFrameShedder shedder;
    private transient OutputQueue queue;
    private transient QueueHandOff handOff;
    private transient RecordEmitter emitter;
    private transient ProposalMetrics metrics;
    private transient boolean closed;

    public ProposalOperator(ProposalSettings settings) {
        this(settings, null, WallClock.SYSTEM);
    }

    /**
     * @param inferenceWrapper wraps the model's inference (instrumentation, injected faults); null: the model as loaded
     * @param clock the wall clock that frame ages and record latencies are measured with
     */
    ProposalOperator(ProposalSettings settings, InferenceWrapper inferenceWrapper, WallClock clock) {
        this.settings = settings;
        this.inferenceWrapper = inferenceWrapper;
        this.clock = clock;
    }

    @Override
    public void open() throws Exception {
        super.open();
        // The executor Flink hands yielding operators: this operator's mails, at its place in the chain.
        mailbox = getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
        PlannedModel planned = PlannedModel.open(settings, GpuAssignment.device(
                getRuntimeContext().getExternalResourceInfos(GPU_RESOURCE), settings.modelPath()),
                Runtime.getRuntime().availableProcessors());
        decoders = new FrameDecoders(planned.decoder(), settings.maxPixels(), settings.fullSizeDecoding());
        runner = planned.runner(inferenceWrapper, settings.padBatches(),
                getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(), settings, settings.maxLoadedModels());
        batchSize = planned.batch().batchSize();
        cameras = new CameraState(getKeyedStateStore(), this, settings.cameraStateTtlMillis(), clock);
        cameraSettings = new CameraSettingsStore(getOperatorStateBackend().getBroadcastState(CameraSettingsStore.STATE));
        metrics = new ProposalMetrics(getMetricGroup(), planned.device(), batchSize).accumulateIn(getRuntimeContext());
        buffer = new BatchBuffer(batchSize, batchSize * settings.maxLoadedModels(), settings.maxWaitMillis(),
                getProcessingTimeService(), this::flush);
        shedder = new StaleFrameShedder(settings.maxFrameAgeMillis(), clock, metrics);
        queue = new OutputQueue(MAX_BATCHES_IN_FLIGHT);
        handOff = new QueueHandOff();
        emitter = new RecordEmitter(output, super::processWatermark, new RecordFactory(settings.top(),
                settings.minScore()), cameras, new BatchFailures(settings.maxFailedBatches()), decoders, metrics, clock);
    }

    @Override
    public void processElement1(StreamRecord<Frame> element) throws Exception {
        Frame frame = element.getValue();
        long timestamp = element.hasTimestamp() ? element.getTimestamp() : PendingFrame.NO_TIMESTAMP;
        metrics.frameIn(frame.cameraId);
        if (frame.problem != null) {
            // A malformed header (a sequence number among them) says nothing trustworthy: the camera's state stays.
            emitter.deadLetter(frame, frame.problem, timestamp);
            return;
        }
        CameraSettings camera = cameraSettings.of(frame.cameraId);
        String model = modelOf(camera);
        CameraState.Admission admission = cameras.admit(frame, camera.every());
        if (admission.verdict() != CameraState.Verdict.PROCESS) {
            metrics.notProcessed(frame.cameraId, admission.verdict());
            return;
        }
        DecodedFrame decoded;
        long t0 = System.nanoTime();
        try {
            decoded = decoders.forModel(model).decode(frame);
        } catch (IllegalArgumentException e) {
            emitter.deadLetter(frame, e.getMessage(), timestamp);
            cameras.addUnreported(frame.cameraId, admission.duplicatesBefore(), admission.skippedBefore());
            return;
        }
        metrics.decoded(System.nanoTime() - t0);
        if (buffer.add(new PendingFrame(frame, decoded, 0, admission.duplicatesBefore(), admission.skippedBefore(),
                camera, model, timestamp))) {
            flush();
        }
    }

    /**
     * A settings record: applied from the camera's next frame on (frames already admitted keep the settings they came
     * in with), or, when it could not be used, sent to {@link #SETTINGS_DEAD_LETTERS} while the camera keeps its
     * settings. Settings that name a model apply only once the model has loaded and passed its check here.
     */
    @Override
    public void processElement2(StreamRecord<CameraSettingsUpdate> element) throws Exception {
        CameraSettingsUpdate update = element.getValue();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        if (update.problem() != null) {
            emitter.settingsRefused(update, subtask);
            return;
        }
        String modelProblem = update.cleared() ? null : loadModel(CameraSettingsJson.parse(update.settingsJson()));
        if (modelProblem != null) {
            emitter.modelRefused(update.refused(modelProblem), subtask);
            return;
        }
        cameraSettings.apply(update);
        LOG.debug("camera {}: {}", update.cameraId(), update.cleared() ? "settings cleared (job defaults)"
                : "settings " + update.settingsJson());
    }

    /**
     * The model a camera's frames go through: {@link LoadedModels#JOB_MODEL} when its settings name none or name the
     * job's own.
     */
    private String modelOf(CameraSettings camera) {
        String m = camera.model();
        return m == null || m.equals(settings.modelPath()) ? LoadedModels.JOB_MODEL : m;
    }

    /**
     * Loads the model the settings name (a no-op when it is loaded already), in the model's thread, waiting for it with
     * the mailbox running (finished batches go out meanwhile; frames wait, so the camera's next frame finds the model
     * ready).
     *
     * @return why the model cannot be used; null when it can (or the settings name none)
     */
    private String loadModel(CameraSettings camera) throws Exception {
        String model = modelOf(camera);
        if (model == LoadedModels.JOB_MODEL) {
            return null;
        }
        CompletableFuture<LoadedModels.ModelInfo> load = runner.load(model);
        if (!load.isDone()) {
            load.whenComplete((r, e) -> mailbox.execute(() -> { }, "vidprop: model loaded"));
            while (!load.isDone()) {
                mailbox.yield();
            }
        }
        try {
            decoders.learn(model, load.get());
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof LoadedModels.Unavailable) {
                return "model " + model + " cannot be used: " + cause.getMessage();
            }
            throw e;
        }
    }

    /** Frames' watermarks; the settings input has none, and does not hold the frames' back. */
    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int input) {
        if (input == 0) {
            output.emitWatermarkStatus(status);
        }
    }

    /** Holds a watermark until every frame before it is out: records keep their input's timestamps. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (!buffer.isEmpty()) {
            buffer.holdWatermark(mark);
        } else {
            queue.addWatermark(mark);
            queue.emitCompleted(emitter);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        drainQueue();
    }

    /**
     * The keyed state already counts every buffered frame as processed, so a snapshot taken with frames still buffered
     * would lose them on restore. Flink always prepares the barrier first ({@link #prepareSnapshotPreBarrier}), which
     * empties the buffer; this refuses a snapshot taken otherwise instead of losing frames silently.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        if (!buffer.isEmpty() || !handOff.isEmpty() || !queue.isEmpty()) {
            throw new IllegalStateException("snapshot " + context.getCheckpointId() + " with "
                    + (buffer.size() + handOff.frames()) + " frame(s) buffered and " + queue.batches()
                    + " batch(es) in flight: the operator's"
                    + " prepareSnapshotPreBarrier must run before its snapshot");
        }
        super.snapshotState(context);
    }

    @Override
    public void finish() throws Exception {
        if (queue != null) { // null when open() failed
            flush();
            drainQueue();
        }
        super.finish();
    }

    /**
     * Hands the buffered frames that are not too old to their models, a batch per model, each once the queue has room
     * for it. Waiting for room runs the mailbox, where another flush may run (finish() is a mail); what this one took
     * stays in {@link #handOff} meanwhile, so whichever flush is running queues it, in order.
     */
    private void flush() throws Exception {
        if (!buffer.isEmpty()) {
            BatchBuffer.Drained drained = buffer.drain();
            StaleFrameShedder.Result shed = shedder.shed(drained.frames());
            handOff.add(BatchBuffer.byModel(shed.kept(), batchSize), shed.shedAfterLastKept(), drained.watermark());
        }
        while (!handOff.isEmpty()) {
            QueueHandOff.Step next = handOff.peek();
            if (next instanceof QueueHandOff.BatchStep b) {
                queue.emitCompleted(emitter);
                if (!queue.hasRoomForBatch()) {
                    mailbox.yield();
                    continue; // a flush in the mailbox may have queued this batch and more
                }
                handOff.poll();
                run(b.batch());
            } else {
                handOff.poll();
                if (next instanceof QueueHandOff.ShedStep shed) {
                    queue.addShed(shed.counts());
                } else if (next instanceof QueueHandOff.WatermarkStep w) {
                    queue.addWatermark(w.mark());
                }
            }
        }
        queue.emitCompleted(emitter);
    }

    private void run(BatchBuffer.ModelBatch batch) {
        metrics.batchStarted(batch.frames().size());
        var result = runner.run(batch.model(), batch.frames());
        queue.addBatch(batch.frames(), result);
        if (!runner.inline()) {
            result.whenComplete((r, e) -> mailbox.execute(this::emitCompleted, "vidprop: batch done"));
        }
    }

    /** Waits, running the mailbox, until every queued batch, count and watermark is out. */
    private void drainQueue() throws Exception {
        queue.emitCompleted(emitter);
        while (!queue.isEmpty()) {
            mailbox.yield();
        }
    }

    private void emitCompleted() throws Exception {
        if (!closed) {
            queue.emitCompleted(emitter);
        }
    }

    /**
     * Also what Flink calls when it cancels the task (without {@link #finish()}): batches not yet emitted are dropped
     * (their frames are read again from the last checkpoint), a batch still running is waited for, through the
     * interrupts of a cancellation, up to {@link #CLOSE_TIMEOUT}, and then the model is freed.
     */
    @Override
    public void close() throws Exception {
        closed = true;
        try {
            if (runner != null && !runner.stop(CLOSE_TIMEOUT)) {
                // Freeing native memory under a running batch would crash the JVM: leak it instead.
                LOG.warn("inference still running {} s after close: the models are not freed",
                        CLOSE_TIMEOUT.toSeconds());
            } else if (runner != null) {
                runner.closeModels();
            }
        } finally {
            runner = null;
            if (queue != null) {
                queue.clear();
                handOff.clear();
            }
            super.close();
        }
    }
}
