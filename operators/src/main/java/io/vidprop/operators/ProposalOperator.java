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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.util.OutputTag;

/**
 * The stateful proposal operator, keyed by camera. Each frame is checked against its camera's last sequence number
 * (duplicates and replays are dropped and counted), decoded in this task (decoded pixels never cross the network),
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
 * are emitted, and keyed state touched, only in the task thread, in the order the frames arrived.
 */
public final class ProposalOperator extends AbstractStreamOperator<ProposalRecord>
        implements OneInputStreamOperator<Frame, ProposalRecord>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Frame> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(Frame.class));
    public static final String GPU_RESOURCE = "gpu";
    /**
     * Batches queued for or running in the inference thread: two, so that the model starts the next batch the moment
     * it finishes one, while the task thread emits the finished batch's records and decodes the batch after.
     */
    private static final int MAX_IN_FLIGHT = 2;

    private final ProposalSettings settings;

    private transient ProposalModel model;
    private transient FrameDecoder decoder;
    private transient ValueState<Long> lastSequence;
    private transient ValueState<Long> shedSinceLastRecord;
    private transient List<Pending> buffer;
    private transient long timerAt;
    private transient long pollAt;
    private transient ExecutorService inference;
    /** Batches handed to the inference thread, oldest first; their records go out in this order. */
    private transient ArrayDeque<InFlight> inFlight;
    private transient Counter framesIn;
    private transient Counter framesOut;
    private transient Counter deadLetters;
    private transient Counter duplicates;
    private transient Counter shed;
    private transient long shedSinceLog;
    private transient long lastShedLogAt;
    private transient Histogram decodeMillis;
    private transient Histogram inferenceMillis;
    private transient Histogram batchSizes;
    private transient Histogram proposalsPerFrame;
    private transient Histogram latencyMillis;

    /** A buffered frame, and how many of its camera's frames were shed just before it in the same buffer. */
    private record Pending(Frame frame, DecodedFrame decoded, long shedBefore) {}

    /** What the model returned for a batch, and how long it took. */
    private record Inferred(List<Proposals> proposals, long nanos) {}

    /** A batch handed to the inference thread, with the shed counts to record once its records are out. */
    private record InFlight(List<Pending> batch, Future<Inferred> result, Map<String, Long> shedAfterLastKept) {}

    public ProposalOperator(ProposalSettings settings) {
        this.settings = settings;
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
        LOG.info("inference plan: {}", planned.plan().reason());
        lastSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("last-sequence", Types.LONG));
        shedSinceLastRecord = getRuntimeContext().getState(new ValueStateDescriptor<>("shed-since-last-record",
                Types.LONG));
        buffer = new ArrayList<>(settings.batchSize());
        inFlight = new ArrayDeque<>(MAX_IN_FLIGHT);
        timerAt = -1;
        pollAt = -1;
        boolean separate = planned.plan().separateThread();
        LOG.info("inference runs in {}", separate ? "a thread of its own, overlapping decoding" : "the task thread");
        if (separate) {
            String thread = "vidprop inference " + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks();
            inference = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, thread);
                t.setDaemon(true);
                return t;
            });
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
    }

    /** The GPU Flink assigned to this task manager (external resource "gpu"), if the engine can use it. */
    private Device chooseDevice() {
        if ("cpu".equals(settings.forceDevice())) {
            return Device.cpu();
        }
        Set<ExternalResourceInfo> gpus = getRuntimeContext().getExternalResourceInfos(GPU_RESOURCE);
        if (gpus.isEmpty()) {
            LOG.info("no GPU assigned by Flink (external resource '{}'): running on the CPU", GPU_RESOURCE);
            return Device.cpu();
        }
        String index = gpus.iterator().next().getProperty("index").orElse("0");
        int engineGpus = Engine.getEngine("PyTorch").getGpuCount();
        if (engineGpus == 0) {
            LOG.warn("Flink assigned GPU {} but the PyTorch engine has no CUDA build or driver: running on the CPU",
                    index);
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
        emitFinished();
        Long last = lastSequence.value();
        if (last != null && frame.sequence <= last) {
            duplicates.inc();
            LOG.debug("dropped frame {}: camera {} already had sequence {}", frame, frame.cameraId, last);
            return;
        }
        lastSequence.update(frame.sequence);
        if (frame.problem != null) {
            deadLetter(frame, frame.problem);
            return;
        }
        DecodedFrame decoded;
        long t0 = System.nanoTime();
        try {
            decoded = frame.isRaw()
                    ? decoder.decodeRaw(frame.payload, frame.width, frame.height, PixelFormat.parse(frame.pixelFormat))
                    : decoder.decode(frame.payload);
        } catch (IllegalArgumentException e) {
            deadLetter(frame, e.getMessage());
            return;
        }
        decodeMillis.update((System.nanoTime() - t0) / 1_000_000);
        buffer.add(new Pending(frame, decoded, 0));
        if (buffer.size() >= settings.batchSize()) {
            flush();
        } else if (timerAt < 0) {
            timerAt = getProcessingTimeService().getCurrentProcessingTime() + settings.maxWaitMillis();
            getProcessingTimeService().registerTimer(timerAt, this);
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
        try {
            Map<String, Long> shedAfterLastKept = settings.maxFrameAgeMillis() > 0
                    ? shedStaleFrames(System.currentTimeMillis()) : Map.of();
            if (buffer.isEmpty()) {
                shedAfterLastKept.forEach(this::addToShedCount);
                return;
            }
            List<Pending> batch = new ArrayList<>(buffer);
            List<RgbImage> images = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                images.add(p.decoded().image());
            }
            batchSizes.update(batch.size());
            if (settings.padBatches()) {
                RgbImage first = images.get(0);
                RgbImage blank = new RgbImage(first.width(), first.height(), new byte[first.pixels().length]);
                while (images.size() < settings.batchSize()) {
                    images.add(blank);
                }
            }
            Callable<Inferred> run = () -> {
                long t0 = System.nanoTime();
                List<Proposals> proposals = model.propose(images);
                return new Inferred(proposals, System.nanoTime() - t0);
            };
            inFlight.add(new InFlight(batch, inference != null ? inference.submit(run) : runHere(run),
                    shedAfterLastKept));
            if (inference != null) {
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
        InFlight b = inFlight.pollFirst();
        Object callerKey = getCurrentKey();
        try {
            emit(b);
            b.shedAfterLastKept().forEach(this::addToShedCount);
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
        for (ListIterator<Pending> it = buffer.listIterator(); it.hasNext(); ) {
            Pending p = it.next();
            Frame f = p.frame();
            long age = now - f.captureTimestamp;
            if (age > settings.maxFrameAgeMillis()) {
                it.remove();
                shedSinceKept.merge(f.cameraId, 1L, Long::sum);
                shed.inc();
                shedSinceLog++;
                LOG.debug("shed frame {}: {} ms old, over the limit of {} ms", f, age, settings.maxFrameAgeMillis());
            } else {
                Long before = shedSinceKept.remove(f.cameraId);
                if (before != null) {
                    it.set(new Pending(f, p.decoded(), before));
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

    private void emit(InFlight b) throws Exception {
        List<Pending> batch = b.batch();
        Inferred inferred;
        try {
            inferred = b.result().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RuntimeException cause)) {
                throw e;
            }
            LOG.warn("the model failed on a batch of {} frames: {}", batch.size(), cause.getMessage());
            for (Pending p : batch) {
                deadLetter(p.frame(), "model failed: " + cause.getMessage());
                // No record carries these counts now: the camera's next one will.
                addToShedCount(p.frame().cameraId, p.shedBefore());
            }
            return;
        }
        List<Proposals> results = inferred.proposals();
        inferenceMillis.update(inferred.nanos() / 1_000_000);
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            ProposalRecord record = toRecord(p, results.get(i), now);
            record.framesShedBefore = takeShedCount(record.cameraId) + p.shedBefore();
            proposalsPerFrame.update(record.proposals.length);
            latencyMillis.update(record.latencyMs);
            output.collect(new StreamRecord<>(record));
            framesOut.inc();
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

    private ProposalRecord toRecord(Pending p, Proposals proposals, long now) {
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

    private void deadLetter(Frame frame, String reason) {
        frame.problem = reason;
        deadLetters.inc();
        LOG.info("dead letter: {}: {}", frame, reason);
        output.collect(DEAD_LETTERS, new StreamRecord<>(frame));
    }

    @Override
    public void close() throws Exception {
        if (inference != null) {
            inference.shutdownNow();
            inference.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
        if (model != null) {
            model.close();
        }
        super.close();
    }
}
