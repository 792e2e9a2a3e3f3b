package io.vidprop.operators;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.PixelFormat;
import io.vidprop.image.RgbImage;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.Proposals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful proposal operator, keyed by camera. A frame with a malformed header is a dead letter at once; the rest
 * go through their camera's {@link SequenceGate} (duplicates and replays are dropped, counted in the camera's next
 * record, and warned about when a camera drops many in a row), are decoded in this task (decoded pixels never cross
 * the network; any decoding failure is a dead letter),
 * and buffered; the buffer, which mixes cameras, runs through the model when it holds {@code batchSize} frames or its
 * oldest frame has waited {@code maxWait}, whichever comes first. One {@link ProposalRecord} per frame comes out;
 * frames that cannot be decoded or processed go to the {@link #DEAD_LETTERS} side output with the reason.
 *
 * <p>Live streams may set a staleness limit ({@link ProposalSettings#maxFrameAgeMillis()}): when the batch is about
 * to run, frames captured longer ago than the limit are shed instead. Each is counted in the {@code framesShed}
 * metric, logged (a rate-limited summary, and each frame at debug level), and added to its camera's count in keyed
 * state, which the camera's next record reports as {@link ProposalRecord#framesShedBefore} and resets. Age is measured
 * from the capture timestamp (the {@code vidprop.capture-ts} header, else the Kafka record timestamp), so it includes
 * the time spent in Kafka and assumes the cameras' clocks agree with the task managers'.
 *
 * <p>Exactly once: the buffer is drained before every checkpoint barrier (as Flink's bundle operators do), so a
 * checkpoint holds only the per-camera sequence state and the source offsets of frames not yet processed; after a
 * failure those frames are read again, and nothing emitted before the checkpoint is emitted twice downstream of an
 * exactly-once sink.
 *
 * <p>Inference runs in an inference thread of the operator's while the task thread reads and decodes the next
 * batches, so the model does not wait for decoding: on a GPU, and on a CPU with two or more cores, where the engine
 * gets all cores but one and decoding the one left, or all cores when the network costs many times the decoding
 * ({@link InferencePlan}; {@link ProposalSettings#inferenceThread()} and {@link ProposalSettings#cpuThreads()}
 * override this). Up to two batches are in flight (one running, one queued, so
 * the model starts the next the moment it finishes one); a full buffer waits for the oldest, so an overloaded model
 * slows the task, Flink's backpressure reaches the Kafka source, and memory stays bounded by three batches. Records
 * are emitted, and keyed state touched, only in the task thread, in the order the frames arrived; the shed counts and
 * watermarks that came after a batch's frames travel with it ({@link InFlightBatch}) and take effect after its
 * records. Closing (also on cancel) waits for a running batch before it frees the model ({@link InferenceThread}).
 *
 * <p>Failures: the model runs once on a blank image in {@link #open()}, so a model that cannot run fails the job at
 * start. A batch that fails is retried frame by frame; frames that fail alone are dead letters, and a systemic failure
 * ({@link BatchFailures}) fails the task with a {@link ModelFailureException}, so Flink restarts it from the last
 * checkpoint instead of throwing frames away.
 */
public final class ProposalOperator extends AbstractStreamOperator<ProposalRecord>
        implements OneInputStreamOperator<Frame, ProposalRecord>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;
    /**
     * Its own logger, hiding AbstractStreamOperator's: that one is named after Flink's class, so a configuration that
     * quiets org.apache.flink (vidprop's own does) would hide the device and plan lines.
     */
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);
    public static final OutputTag<Frame> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(Frame.class));
    public static final String GPU_RESOURCE = "gpu";
    /**
     * Batches queued for or running in the inference thread: two, so that the model starts the next batch the moment
     * it finishes one, while the task thread emits the finished batch's records and decodes the batch after.
     */
    private static final int MAX_IN_FLIGHT = 2;

    private final ProposalSettings settings;

    /** Warn about a camera whose frames are all being dropped as duplicates after this many in a row. */
    static final int WARN_AFTER_DUPLICATES_IN_A_ROW = 10;
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private transient ProposalModel model;
    private transient BatchInference runModel;
    private transient BatchFailures failures;
    private transient FrameDecoder decoder;
    /** Before CameraSequence: only the last sequence number. Read once per camera from older savepoints, then cleared. */
    private transient ValueState<Long> legacyLastSequence;
    private transient ValueState<CameraSequence> sequences;
    private transient long lastDuplicateWarnAt = Long.MIN_VALUE;
    private transient ValueState<Long> shedSinceLastRecord;
    private transient List<PendingFrame> buffer;
    /** The latest watermark that arrived while frames were buffered: it goes out after their batch. */
    private transient Watermark heldForBuffer;
    private transient long timerAt;
    private transient long pollAt;
    private transient InferenceThread inferenceThread;
    /** Batches handed to the model, oldest first; their records go out in this order. */
    private transient ArrayDeque<InFlightBatch> inFlight;
    private transient Counter framesIn;
    private transient Counter framesOut;
    private transient Counter deadLetters;
    private transient Counter duplicates;
    private transient Counter shed;
    private transient CameraMetrics cameras;
    private transient long shedSinceLog;
    private transient long lastShedLogAt;
    private transient Histogram decodeMillis;
    private transient Histogram inferenceMillis;
    private transient Histogram batchSizes;
    /** Frames per inference call: {@link ProposalSettings#batchSize()} or a smaller size timed faster at open. */
    private transient int batchSize;
    private transient Histogram proposalsPerFrame;
    private transient Histogram latencyMillis;

    /**
     * How long {@link #close()} waits for a batch still running in the inference thread before it gives up and leaks
     * the model (Flink's task cancellation watchdog, 180 s by default, kills the task manager later than this).
     */
    static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(1);

    /** The stream timestamp of a record, or {@link PendingFrame#NO_TIMESTAMP}. */
    private static long timestampOf(StreamRecord<?> r) {
        return r.hasTimestamp() ? r.getTimestamp() : PendingFrame.NO_TIMESTAMP;
    }

    private final InferenceWrapper inferenceWrapper;

    public ProposalOperator(ProposalSettings settings) {
        this(settings, null);
    }

    /** With the model's inference wrapped (instrumentation, injected faults in tests); null: the model as loaded. */
    ProposalOperator(ProposalSettings settings, InferenceWrapper inferenceWrapper) {
        this.settings = settings;
        this.inferenceWrapper = inferenceWrapper;
    }

    @Override
    public void open() throws Exception {
        super.open();
        Device device = chooseDevice();
        PlannedModel planned = PlannedModel.open(settings, device, Runtime.getRuntime().availableProcessors());
        model = planned.model();
        decoder = planned.decoder();
        LOG.info("proposal operator {} uses model {} ({}) on device {} with engine {}", getRuntimeContext()
                .getTaskInfo().getTaskNameWithSubtasks(), model.modelId(), model.source(), device, model.engineName());
        LOG.info("inference plan: {}; {}", planned.plan().reason(), planned.batch().reason());
        batchSize = planned.batch().batchSize();
        runModel = inferenceWrapper == null ? model::propose : inferenceWrapper.wrap(model);
        failures = new BatchFailures(settings.maxFailedBatches(), model.modelId());
        legacyLastSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("last-sequence", Types.LONG));
        ValueStateDescriptor<CameraSequence> sequenceState = new ValueStateDescriptor<>("camera-sequence",
                TypeInformation.of(CameraSequence.class));
        ValueStateDescriptor<Long> shedState = new ValueStateDescriptor<>("shed-since-last-record", Types.LONG);
        if (settings.cameraStateTtlMillis() > 0) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(java.time.Duration.ofMillis(settings.cameraStateTtlMillis()))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build();
            sequenceState.enableTimeToLive(ttl);
            shedState.enableTimeToLive(ttl);
        }
        sequences = getRuntimeContext().getState(sequenceState);
        shedSinceLastRecord = getRuntimeContext().getState(shedState);
        buffer = new ArrayList<>(batchSize);
        inFlight = new ArrayDeque<>(MAX_IN_FLIGHT);
        heldForBuffer = null;
        timerAt = -1;
        pollAt = -1;
        boolean separate = planned.plan().separateThread();
        warmUp();
        LOG.info("inference runs in {}", separate ? "a thread of its own, overlapping decoding" : "the task thread");
        if (separate) {
            inferenceThread = new InferenceThread("vidprop inference "
                    + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
        }
        var metrics = getMetricGroup();
        String deviceName = device.toString();
        metrics.gauge("device", (Gauge<String>) () -> deviceName);
        framesIn = metrics.counter("framesIn");
        framesOut = metrics.counter("framesOut");
        deadLetters = metrics.counter("deadLetters");
        duplicates = metrics.counter("duplicatesDropped");
        shed = metrics.counter("framesShed");
        decodeMillis = metrics.histogram("decodeMillis", new DescriptiveStatisticsHistogram(1000));
        inferenceMillis = metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        proposalsPerFrame = metrics.histogram("proposalsPerFrame", new DescriptiveStatisticsHistogram(1000));
        latencyMillis = metrics.histogram("latencyMillis", new DescriptiveStatisticsHistogram(1000));
        cameras = new CameraMetrics(metrics, CameraMetrics.DEFAULT_LIMIT);
        metrics.gauge("inferenceOnGpu", () -> device.isGpu() ? 1 : 0);
        metrics.gauge("maxBatchSize", () -> batchSize);
    }

    /**
     * Runs the model once on a blank image before any frame is read, so a model that cannot run (a module that does
     * not match its model.json, a missing engine) fails the job at start, naming the model, instead of failing on
     * every batch later.
     */
    private void warmUp() throws ModelFailureException {
        int side = model.config().input.minSize;
        RgbImage blank = new RgbImage(side, side, new byte[3 * side * side]);
        try {
            List<Proposals> out = runModel.propose(List.of(blank));
            if (out == null || out.size() != 1) {
                throw new IllegalStateException("it returned " + (out == null ? "null" : out.size() + " results")
                        + " for 1 image");
            }
        } catch (RuntimeException e) {
            throw new ModelFailureException("model " + model.modelId() + " (" + model.source() + ") cannot run:"
                    + " warm-up inference on a blank " + side + "x" + side + " image failed: " + e.getMessage(), e);
        }
    }

    /** The GPU Flink assigned to this task manager (external resource "gpu"), if the engine can use it. */
    private Device chooseDevice() throws java.io.IOException {
        Set<ExternalResourceInfo> gpus = getRuntimeContext().getExternalResourceInfos(GPU_RESOURCE);
        if (gpus.isEmpty()) {
            LOG.info("no GPU assigned by Flink (external resource '{}'): running on the CPU", GPU_RESOURCE);
            return Device.cpu();
        }
        String index = gpus.iterator().next().getProperty("index").orElse("0");
        // The engine that runs this model's network: an ONNX model on onnxruntime_gpu may have a GPU where the
        // CPU-only libtorch beside it has none.
        String engine = ProposalModel.engineFor(settings.modelPath() == null ? null : Path.of(settings.modelPath()));
        int engineGpus = Engine.getEngine(engine).getGpuCount();
        if (engineGpus == 0) {
            LOG.warn("Flink assigned GPU {} but the {} engine has no CUDA build or driver: running on the CPU",
                    index, engine);
            return Device.cpu();
        }
        int i = Integer.parseInt(index.trim());
        if (i >= engineGpus) {
            LOG.warn("Flink assigned GPU {} but the engine sees {} GPU(s): using GPU 0", i, engineGpus);
            i = 0;
        }
        return Device.gpu(i);
    }

    @Override
    public void processElement(StreamRecord<Frame> element) throws Exception {
        Frame frame = element.getValue();
        framesIn.inc();
        cameras.of(frame.cameraId).framesIn.inc();
        emitFinished();
        if (frame.problem != null) {
            // A malformed header (a sequence number among them) says nothing trustworthy: the camera's state stays.
            deadLetter(frame, frame.problem, timestampOf(element));
            return;
        }
        CameraSequence seq = cameraSequence();
        SequenceGate.Verdict verdict = SequenceGate.admit(seq, frame.sequenced, frame.sequence,
                frame.captureTimestamp);
        if (verdict == SequenceGate.Verdict.DUPLICATE) {
            SequenceGate.recordDrop(seq);
            sequences.update(seq);
            duplicates.inc();
            cameras.of(frame.cameraId).duplicatesDropped.inc();
            LOG.debug("dropped frame {}: camera {} already had it ({})", frame, frame.cameraId, seq);
            warnIfDroppingEverything(frame, seq);
            return;
        }
        seq.consecutiveDrops = 0;
        long duplicatesBefore = SequenceGate.takeDropped(seq);
        sequences.update(seq);
        DecodedFrame decoded;
        long t0 = System.nanoTime();
        try {
            decoded = frame.isRaw()
                    ? decoder.decodeRaw(frame.payload, frame.width, frame.height, PixelFormat.parse(frame.pixelFormat))
                    : decoder.decode(frame.payload);
        } catch (IllegalArgumentException e) {
            deadLetter(frame, e.getMessage(), timestampOf(element));
            addToDroppedCount(frame.cameraId, duplicatesBefore);
            return;
        }
        decodeMillis.update((System.nanoTime() - t0) / 1_000_000);
        buffer.add(new PendingFrame(frame, decoded, 0, duplicatesBefore, timestampOf(element)));
        if (buffer.size() >= batchSize) {
            flush();
        } else if (timerAt < 0) {
            timerAt = getProcessingTimeService().getCurrentProcessingTime() + settings.maxWaitMillis();
            getProcessingTimeService().registerTimer(timerAt, this);
        }
    }

    /** The camera's sequence state (the current key's), carried over from an older savepoint's last sequence number. */
    private CameraSequence cameraSequence() throws java.io.IOException {
        CameraSequence s = sequences.value();
        if (s != null) {
            return s;
        }
        s = SequenceGate.fresh();
        Long legacy = legacyLastSequence.value();
        if (legacy != null) {
            s.lastSequence = legacy;
            legacyLastSequence.clear();
        }
        return s;
    }

    private void warnIfDroppingEverything(Frame frame, CameraSequence seq) {
        if (seq.consecutiveDrops <= WARN_AFTER_DUPLICATES_IN_A_ROW) {
            return;
        }
        long now = System.currentTimeMillis();
        if (lastDuplicateWarnAt != Long.MIN_VALUE && now - lastDuplicateWarnAt < WARN_INTERVAL_MILLIS) {
            return;
        }
        lastDuplicateWarnAt = now;
        LOG.warn("camera {} has had its last {} frames dropped as duplicates: the latest, sequence {} captured at {},"
                + " is not above its last sequence {} and not newer than its last capture time {}. A producer that"
                + " numbers from 1 again must send newer vidprop.capture-ts times (see the frame contract)",
                frame.cameraId, seq.consecutiveDrops, frame.sequence, frame.captureTimestamp, seq.lastSequence,
                seq.lastCaptureTimestamp);
    }

    /**
     * Holds a watermark back until every frame that arrived before it is out: records of buffered frames keep their
     * input's timestamp, and a watermark that overtook them would make them late downstream. Of several watermarks
     * held for the same frames only the latest goes out.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        emitFinished();
        if (!buffer.isEmpty()) {
            heldForBuffer = mark;
        } else if (!inFlight.isEmpty()) {
            inFlight.peekLast().followedBy(Map.of(), mark);
        } else {
            super.processWatermark(mark);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        if (time == pollAt) {
            pollAt = -1;
            emitFinished();
            if (!inFlight.isEmpty()) {
                schedulePoll();
            }
        }
        if (time == timerAt) {
            timerAt = -1;
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        completeInFlight();
    }

    /**
     * The keyed state already counts every buffered frame as processed, so a snapshot taken with frames still buffered
     * would lose them on restore. Flink always prepares the barrier first ({@link #prepareSnapshotPreBarrier}), which
     * empties the buffer; this refuses a snapshot taken otherwise instead of losing frames silently.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        if (!buffer.isEmpty() || !inFlight.isEmpty()) {
            throw new IllegalStateException("snapshot " + context.getCheckpointId() + " with " + buffer.size()
                    + " frame(s) buffered and " + inFlight.size() + " batch(es) in flight: the operator's"
                    + " prepareSnapshotPreBarrier must run before its snapshot");
        }
        super.snapshotState(context);
    }

    @Override
    public void finish() throws Exception {
        flush();
        completeInFlight();
        super.finish();
    }

    /** Hands the buffer to the inference thread, once it has room (or runs it here without one). */
    private void flush() throws Exception {
        timerAt = -1;
        emitFinished();
        while (inFlight.size() >= MAX_IN_FLIGHT) {
            completeOldest();
        }
        if (buffer.isEmpty()) {
            return;
        }
        // The buffer mixes cameras: per-camera state is reached by setting each frame's key; the caller's is restored.
        Object callerKey = getCurrentKey();
        Watermark watermark = heldForBuffer;
        heldForBuffer = null;
        try {
            Map<String, Long> shedAfterLastKept = settings.maxFrameAgeMillis() > 0
                    ? shedStaleFrames(System.currentTimeMillis()) : Map.of();
            if (buffer.isEmpty()) {
                // Every frame was shed: their counts and the watermark after them wait for the batches before them.
                if (!inFlight.isEmpty()) {
                    inFlight.peekLast().followedBy(shedAfterLastKept, watermark);
                } else {
                    shedAfterLastKept.forEach(this::addToShedCount);
                    if (watermark != null) {
                        super.processWatermark(watermark);
                    }
                }
                return;
            }
            List<PendingFrame> batch = new ArrayList<>(buffer);
            List<RgbImage> images = new ArrayList<>(batch.size());
            for (PendingFrame p : batch) {
                images.add(p.decoded().image());
            }
            batchSizes.update(batch.size());
            List<RgbImage> input = padded(images);
            Callable<InFlightBatch.Inferred> run = () -> {
                long t0 = System.nanoTime();
                List<Proposals> proposals = runModel.propose(input);
                return new InFlightBatch.Inferred(proposals, System.nanoTime() - t0);
            };
            InFlightBatch inFlightBatch = new InFlightBatch(batch, runInferenceThread(run));
            inFlightBatch.followedBy(shedAfterLastKept, watermark);
            inFlight.add(inFlightBatch);
            if (inferenceThread != null) {
                schedulePoll();
            } else {
                completeInFlight();
            }
        } finally {
            buffer.clear();
            if (callerKey != null) {
                setCurrentKey(callerKey);
            }
        }
    }

    /** The images filled up to the batch size with blank frames of the first one's size, with --pad-batches. */
    private List<RgbImage> padded(List<RgbImage> images) {
        if (!settings.padBatches() || images.size() >= batchSize) {
            return images;
        }
        List<RgbImage> out = new ArrayList<>(images);
        RgbImage first = images.get(0);
        RgbImage blank = new RgbImage(first.width(), first.height(), new byte[first.pixels().length]);
        while (out.size() < batchSize) {
            out.add(blank);
        }
        return out;
    }

    /** Runs a task in the inference thread (the model is not thread-safe: all its work goes there), or here. */
    private <T> Future<T> runInferenceThread(Callable<T> task) {
        return inferenceThread != null ? inferenceThread.submit(task) : runHere(task);
    }

    private static <T> Future<T> runHere(Callable<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            done.complete(task.call());
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Checks every 2 ms, in the task thread, whether the batch in flight is done, so its records go out promptly. */
    private void schedulePoll() {
        if (pollAt < 0) {
            pollAt = getProcessingTimeService().getCurrentProcessingTime() + 2;
            getProcessingTimeService().registerTimer(pollAt, this);
        }
    }

    /** Waits for every batch in flight and emits their records, in order. */
    private void completeInFlight() throws Exception {
        while (!inFlight.isEmpty()) {
            completeOldest();
        }
    }

    /** Emits the records of the batches at the head of the queue that the model has finished. */
    private void emitFinished() throws Exception {
        while (!inFlight.isEmpty() && inFlight.peekFirst().result().isDone()) {
            completeOldest();
        }
    }

    /** Waits for the oldest batch in flight and emits its records (or dead letters if the model failed). */
    private void completeOldest() throws Exception {
        InFlightBatch b = inFlight.pollFirst();
        Object callerKey = getCurrentKey();
        try {
            emit(b);
            b.shedAfter().forEach(this::addToShedCount);
            if (b.watermarkAfter() != null) {
                super.processWatermark(b.watermarkAfter());
            }
        } finally {
            if (callerKey != null) {
                setCurrentKey(callerKey);
            }
        }
    }

    /**
     * Removes the stale frames from the buffer, in order, noting on each kept frame how many of its camera's frames
     * were shed since the camera's previous kept frame; returns the counts shed after each camera's last kept frame.
     */
    private Map<String, Long> shedStaleFrames(long now) {
        Map<String, Long> shedSinceKept = new HashMap<>();
        for (ListIterator<PendingFrame> it = buffer.listIterator(); it.hasNext(); ) {
            PendingFrame p = it.next();
            Frame f = p.frame();
            long age = now - f.captureTimestamp;
            if (age > settings.maxFrameAgeMillis()) {
                it.remove();
                shedSinceKept.merge(f.cameraId, 1L, Long::sum);
                shed.inc();
                cameras.of(f.cameraId).framesShed.inc();
                shedSinceLog++;
                LOG.debug("shed frame {}: {} ms old, over the limit of {} ms", f, age, settings.maxFrameAgeMillis());
            } else {
                Long before = shedSinceKept.remove(f.cameraId);
                if (before != null) {
                    it.set(p.withShedBefore(before));
                }
            }
        }
        if (shedSinceLog > 0 && now - lastShedLogAt >= 10_000) {
            LOG.warn("shed {} frames older than {} ms since the last report (model behind the live streams)",
                    shedSinceLog, settings.maxFrameAgeMillis());
            shedSinceLog = 0;
            lastShedLogAt = now;
        }
        return shedSinceKept;
    }

    private void emit(InFlightBatch b) throws Exception {
        List<PendingFrame> batch = b.frames();
        InFlightBatch.Inferred inferred;
        try {
            inferred = b.result().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RuntimeException cause)) {
                throw e;
            }
            retryAlone(batch, cause);
            return;
        }
        failures.batchSucceeded();
        List<Proposals> results = inferred.proposals();
        inferenceMillis.update(inferred.nanos() / 1_000_000);
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            PendingFrame p = batch.get(i);
            collect(p, toRecord(p, results.get(i), now));
        }
    }

    private void collect(PendingFrame p, ProposalRecord record) throws Exception {
        record.framesShedBefore = takeShedCount(record.cameraId) + p.shedBefore();
        record.duplicatesDroppedBefore = p.duplicatesBefore();
        proposalsPerFrame.update(record.proposals.length);
        latencyMillis.update(record.latencyMs);
        output.collect(p.timestamp() == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(record)
                : new StreamRecord<>(record, p.timestamp()));
        framesOut.inc();
        CameraMetrics.Camera camera = cameras.of(record.cameraId);
        camera.proposalsOut.inc();
        camera.latencyMillis.update(record.latencyMs);
    }

    /**
     * A batch failed at inference: runs each of its frames alone (in the inference thread, padded as batches are),
     * dead-letters the frames that fail alone with the model's message and emits the rest, unless the failure is
     * systemic ({@link BatchFailures}), which fails the task.
     */
    private void retryAlone(List<PendingFrame> batch, RuntimeException cause) throws Exception {
        LOG.warn("the model failed on a batch of {} frames ({}); retrying them one by one", batch.size(),
                cause.toString());
        Callable<Object[]> retry = () -> {
            Object[] out = new Object[batch.size()];
            for (int i = 0; i < out.length; i++) {
                try {
                    List<Proposals> r = runModel.propose(padded(List.of(batch.get(i).decoded().image())));
                    out[i] = r.get(0);
                } catch (RuntimeException e) {
                    out[i] = e;
                }
            }
            return out;
        };
        long t0 = System.nanoTime();
        Object[] results;
        try {
            results = runInferenceThread(retry).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        inferenceMillis.update((System.nanoTime() - t0) / 1_000_000);
        int failedAlone = (int) Arrays.stream(results).filter(r -> r instanceof RuntimeException).count();
        failures.batchFailed(batch.size(), failedAlone, cause);
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            PendingFrame p = batch.get(i);
            if (results[i] instanceof Proposals proposals) {
                collect(p, toRecord(p, proposals, now));
            } else {
                RuntimeException e = (RuntimeException) results[i];
                deadLetter(p.frame(), "model failed on this frame: " + e.getMessage(), p.timestamp());
                // No record carries these counts now: the camera's next one will.
                addToShedCount(p.frame().cameraId, p.shedBefore());
                addToDroppedCount(p.frame().cameraId, p.duplicatesBefore());
            }
        }
    }

    /** The camera's frames shed in earlier buffers and not yet reported by a record; reset to none. */
    private long takeShedCount(String cameraId) throws Exception {
        setCurrentKey(cameraId);
        Long n = shedSinceLastRecord.value();
        if (n == null) {
            return 0;
        }
        shedSinceLastRecord.clear();
        return n;
    }

    private void addToShedCount(String cameraId, long n) {
        if (n == 0) {
            return;
        }
        setCurrentKey(cameraId);
        try {
            Long before = shedSinceLastRecord.value();
            shedSinceLastRecord.update(before == null ? n : before + n);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void addToDroppedCount(String cameraId, long n) {
        if (n == 0) {
            return;
        }
        setCurrentKey(cameraId);
        try {
            CameraSequence seq = cameraSequence();
            seq.droppedSinceAdmitted += n;
            sequences.update(seq);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ProposalRecord toRecord(PendingFrame p, Proposals proposals, long now) {
        Frame f = p.frame();
        float sx = p.decoded().scaleX();
        float sy = p.decoded().scaleY();
        float[][] out = new float[proposals.size()][];
        for (int i = 0; i < proposals.size(); i++) {
            out[i] = new float[] {proposals.x1(i) * sx, proposals.y1(i) * sy, proposals.x2(i) * sx,
                    proposals.y2(i) * sy, proposals.score(i)};
        }
        ProposalRecord r = new ProposalRecord();
        r.cameraId = f.cameraId;
        r.sequence = f.sequence;
        r.captureTimestamp = f.captureTimestamp;
        r.width = p.decoded().originalWidth();
        r.height = p.decoded().originalHeight();
        r.modelId = model.modelId();
        r.proposals = out;
        r.latencyMs = Math.max(0, now - f.receivedAtMillis);
        return r;
    }

    private void deadLetter(Frame frame, String reason, long timestamp) {
        frame.problem = reason;
        deadLetters.inc();
        cameras.of(frame.cameraId == null ? CameraMetrics.OTHER : frame.cameraId).deadLetters.inc();
        LOG.info("dead letter: {}: {}", frame, reason);
        output.collect(DEAD_LETTERS, timestamp == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(frame)
                : new StreamRecord<>(frame, timestamp));
    }

    /**
     * Also what Flink calls when it cancels the task (without {@link #finish()}): batches not yet emitted are dropped
     * (their frames are read again from the last checkpoint), a batch still running is waited for, through the
     * interrupts of a cancellation, up to {@link #CLOSE_TIMEOUT}, and then the model and the state backend are freed.
     */
    @Override
    public void close() throws Exception {
        try {
            boolean stopped = inferenceThread == null || inferenceThread.stop(CLOSE_TIMEOUT);
            if (!stopped) {
                // Freeing native memory under a running batch would crash the JVM: leak it instead.
                LOG.warn("inference still running {} s after close: the model is not freed", CLOSE_TIMEOUT.toSeconds());
            } else if (model != null) {
                model.close();
            }
        } finally {
            model = null;
            inferenceThread = null;
            super.close();
        }
    }
}
