package io.vidprop.ingest;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.kafka.FrameRecords;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one camera's video to Kafka as JPEG frames, following the frame contract: key = camera id, headers
 * {@code vidprop.seq} (increasing across reconnects and restarts), {@code vidprop.capture-ts} (the wall clock when
 * the frame was grabbed) and {@code vidprop.format=jpeg}.
 *
 * <p>Two threads: the grabber reads, thins, scales and encodes frames and never waits for Kafka; the publisher sends
 * them with an idempotent producer. Between them a {@link DropOldestQueue}: when Kafka cannot keep up, the oldest
 * unsent frames are dropped (counted, and logged at most every 10 s), so memory is bounded by the queue plus the
 * producer's {@code buffer.memory}. When a network source or device drops, it is reopened after an exponential
 * backoff, and the log says so.
 */
public final class CameraIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraIngest.class);
    private static final long WARN_EVERY_MILLIS = 10_000;

    private final IngestSettings settings;
    private final IngestCounters counters = new IngestCounters();
    private final DropOldestQueue<Outgoing> queue;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CountDownLatch finished = new CountDownLatch(2);
    private volatile boolean stopping;
    private volatile boolean grabbingDone;
    private volatile long grabbingDoneAt;
    private volatile Throwable failure;
    private Thread grabThread;
    private Thread publishThread;
    private long nextSequence;
    private long startedAt;
    private long lastStatusAt;
    private final AtomicLong lastRefusalWarnAt = new AtomicLong();

    private record Outgoing(long sequence, long capturedAt, byte[] jpeg) {}

    public CameraIngest(IngestSettings settings) {
        this.settings = settings;
        this.queue = new DropOldestQueue<>(settings.queueCapacity());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // A send waits at most this long for a missing broker, so that stopping stays prompt.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.putAll(settings.kafkaProperties());
        try {
            this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException("cannot create the Kafka producer: " + why, e);
        }
    }

    /** Starts grabbing and publishing in two threads. */
    public CameraIngest start() {
        startedAt = System.currentTimeMillis();
        lastStatusAt = startedAt;
        nextSequence = settings.firstSequence() != null ? settings.firstSequence() : startedAt * 1000;
        grabThread = new Thread(this::grabLoop, "ingest-grab-" + settings.cameraId());
        publishThread = new Thread(this::publishLoop, "ingest-publish-" + settings.cameraId());
        grabThread.start();
        publishThread.start();
        LOG.info("camera {}: ingesting {} into {} (first sequence number {})", settings.cameraId(), settings.source(),
                settings.topic(), nextSequence);
        return this;
    }

    /** Asks both threads to stop; frames already queued are still published, for up to the drain timeout. */
    public void stop() {
        stopping = true;
        if (grabThread != null) {
            grabThread.interrupt();
        }
    }

    /**
     * Waits for ingest to end (source file finished, {@code maxFrames} or {@code duration} reached, or
     * {@link #stop()}), logging the status line every status interval. Throws what ended it abnormally.
     */
    public IngestCounters awaitTermination() throws InterruptedException {
        long statusEvery = settings.statusIntervalMillis() > 0 ? settings.statusIntervalMillis() : Long.MAX_VALUE;
        while (!finished.await(Math.min(statusEvery, 200), TimeUnit.MILLISECONDS)) {
            long now = System.currentTimeMillis();
            if (settings.durationMillis() > 0 && now - startedAt >= settings.durationMillis() && !stopping) {
                LOG.info("camera {}: duration of {} ms reached", settings.cameraId(), settings.durationMillis());
                stop();
            }
            if (now - lastStatusAt >= statusEvery) {
                lastStatusAt = now;
                LOG.info("camera {}: {}", settings.cameraId(), status());
            }
        }
        LOG.info("camera {} finished: {}", settings.cameraId(), status());
        if (failure != null) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return counters;
    }

    public IngestCounters counters() {
        return counters;
    }

    /** The one-line status: the counters and the queue's fill. */
    public String status() {
        return counters.line() + ", queue " + queue.size() + "/" + queue.capacity() + " (at most "
                + queue.highWaterMark() + ")";
    }

    /** The most frames that ever waited for the producer at once. */
    public int queueHighWaterMark() {
        return queue.highWaterMark();
    }

    private void grabLoop() {
        Backoff backoff = new Backoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis());
        try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
                Mat scaled = new Mat()) {
            JpegEncoder encoder = new JpegEncoder(settings.quality());
            FpsThrottle throttle = new FpsThrottle(settings.fps());
            while (!stopping) {
                String reason;
                boolean opened = false;
                try (FFmpegFrameGrabber grabber = settings.source().grabber(settings)) {
                    grabber.start();
                    opened = true;
                    LOG.info("camera {}: reading {} ({}x{} {}, {} fps)", settings.cameraId(), settings.source(),
                            grabber.getImageWidth(), grabber.getImageHeight(), grabber.getVideoCodecName(),
                            String.format("%.1f", grabber.getFrameRate()));
                    long lastFrameAt = pump(grabber, converter, scaled, encoder, throttle, backoff);
                    if (stopping) {
                        break;
                    }
                    if (settings.source().kind() == LiveSource.Kind.FILE) {
                        LOG.info("camera {}: end of {}", settings.cameraId(), settings.source());
                        break;
                    }
                    long silentFor = System.currentTimeMillis() - lastFrameAt;
                    reason = silentFor >= settings.timeoutMillis() ? "no data for " + silentFor + " ms"
                            : "end of stream";
                } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
                    if (stopping) {
                        break;
                    }
                    if (settings.source().kind() == LiveSource.Kind.FILE) {
                        throw new IllegalArgumentException(settings.source() + ": " + e.getMessage(), e);
                    }
                    reason = withoutJavacvHints(e.getMessage());
                }
                long delay = backoff.nextDelayMillis();
                counters.reconnects.incrementAndGet();
                LOG.warn("camera {}: source {} {}: {}; reconnecting in {} s (attempt {})", settings.cameraId(),
                        settings.source(), opened ? "dropped" : "could not be opened", reason,
                        String.format("%.1f", delay / 1000.0), backoff.attempt());
                Thread.sleep(delay);
            }
        } catch (InterruptedException e) {
            // stop() interrupts a reconnect delay.
        } catch (Throwable t) {
            failure = t;
            LOG.error("camera {}: ingest failed: {}", settings.cameraId(), t.getMessage());
        } finally {
            grabbingDoneAt = System.currentTimeMillis();
            grabbingDone = true;
            finished.countDown();
        }
    }

    /** Publishes the grabber's frames until it ends or ingest stops; returns when the last frame came (or started). */
    private long pump(FFmpegFrameGrabber grabber, OpenCVFrameConverter.ToMat converter, Mat scaled,
            JpegEncoder encoder, FpsThrottle throttle, Backoff backoff) throws Exception {
        boolean pacedFile = settings.source().kind() == LiveSource.Kind.FILE;
        long firstTimestampMicros = -1;
        long firstWallMillis = 0;
        long lastDropWarnAt = 0;
        long dropsSinceWarn = 0;
        long lastFrameAt = System.currentTimeMillis();
        Frame frame;
        while (!stopping && (frame = grabber.grabImage()) != null) {
            lastFrameAt = System.currentTimeMillis();
            backoff.reset();
            if (pacedFile) {
                // Like ffmpeg -re: a file is delivered at its own frame rate, as a camera would.
                if (firstTimestampMicros < 0) {
                    firstTimestampMicros = frame.timestamp;
                    firstWallMillis = System.currentTimeMillis();
                }
                long due = firstWallMillis + (frame.timestamp - firstTimestampMicros) / 1000;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            long capturedAt = System.currentTimeMillis();
            counters.grabbed.incrementAndGet();
            if (!throttle.keep(capturedAt)) {
                counters.skipped.incrementAndGet();
                continue;
            }
            Mat image = converter.convert(frame);
            if (settings.width() > 0 && image.cols() != settings.width()) {
                int height = Math.max(1, Math.round((float) image.rows() * settings.width() / image.cols()));
                resize(image, scaled, new Size(settings.width(), height), 0, 0,
                        settings.width() < image.cols() ? INTER_AREA : INTER_LINEAR);
                image = scaled;
            }
            Outgoing evicted = queue.offer(new Outgoing(nextSequence++, capturedAt, encoder.encodeBgr(image)));
            if (evicted != null) {
                counters.dropped.incrementAndGet();
                dropsSinceWarn++;
                if (capturedAt - lastDropWarnAt >= WARN_EVERY_MILLIS) {
                    LOG.warn("camera {}: Kafka is not keeping up: dropped {} oldest unsent frame(s) (queue of {})",
                            settings.cameraId(), dropsSinceWarn, queue.capacity());
                    lastDropWarnAt = capturedAt;
                    dropsSinceWarn = 0;
                }
            }
            if (settings.maxFrames() > 0 && counters.grabbed() - counters.skipped() >= settings.maxFrames()) {
                LOG.info("camera {}: {} frames reached", settings.cameraId(), settings.maxFrames());
                stopping = true;
            }
        }
        return lastFrameAt;
    }

    private void publishLoop() {
        long lastFailureWarnAt = 0;
        try {
            while (true) {
                if (grabbingDone && System.currentTimeMillis() - grabbingDoneAt > settings.drainTimeoutMillis()) {
                    dropUnsent();
                    break;
                }
                boolean lastChance = grabbingDone;
                Outgoing o = queue.poll(100, TimeUnit.MILLISECONDS);
                if (o == null) {
                    if (lastChance) {
                        break;
                    }
                    continue;
                }
                ProducerRecord<byte[], byte[]> r = FrameRecords.toRecord(settings.topic(), settings.cameraId(),
                        o.sequence(), o.capturedAt(), o.jpeg());
                try {
                    producer.send(r, (metadata, e) -> {
                        if (e == null) {
                            counters.published.incrementAndGet();
                        } else {
                            counters.failed.incrementAndGet();
                            long now = System.currentTimeMillis();
                            long last = lastRefusalWarnAt.get();
                            if (now - last >= WARN_EVERY_MILLIS && lastRefusalWarnAt.compareAndSet(last, now)) {
                                LOG.warn("camera {}: Kafka refused frame {} (more may follow; see the failed count): {}",
                                        settings.cameraId(), o.sequence(), e.getMessage());
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    counters.failed.incrementAndGet();
                    long now = System.currentTimeMillis();
                    if (now - lastFailureWarnAt >= WARN_EVERY_MILLIS) {
                        LOG.warn("camera {}: could not send frame {}: {}", settings.cameraId(), o.sequence(),
                                e.getMessage());
                        lastFailureWarnAt = now;
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("camera {}: publishing failed: {}", settings.cameraId(), t.getMessage());
        } finally {
            // Waits for what is in flight until the drain deadline; what Kafka has not acknowledged by then fails
            // through its callback, so the counters add up when the latch opens.
            long left = grabbingDoneAt + settings.drainTimeoutMillis() - System.currentTimeMillis();
            producer.close(Duration.ofMillis(Math.max(1000, left)));
            finished.countDown();
        }
    }

    private void dropUnsent() throws InterruptedException {
        long unsent = 0;
        while (queue.poll(0, TimeUnit.MILLISECONDS) != null) {
            unsent++;
        }
        if (unsent > 0) {
            counters.dropped.addAndGet(unsent);
            LOG.warn("camera {}: Kafka did not take the last {} frame(s) within {} ms of stopping: dropped",
                    settings.cameraId(), unsent, settings.drainTimeoutMillis());
        }
    }

    /** JavaCV appends advice for developers ("Has setFormat() been called?") that the log does not need. */
    private static String withoutJavacvHints(String message) {
        int hint = message == null ? -1 : message.indexOf(" (Has setFormat()");
        return hint < 0 ? message : message.substring(0, hint);
    }

    /** Stops if still running and waits for the queue to be published (up to the drain timeout). */
    @Override
    public void close() throws InterruptedException {
        stop();
        if (grabThread != null) {
            finished.await();
        } else {
            producer.close(Duration.ZERO);
        }
    }
}
