package io.vidprop.replay;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.kafka.FrameRecords;
import io.vidprop.kafka.TopicRetention;
import io.vidprop.train.ProgressBar;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes video files to the frames topic as the frame contract describes, one file per camera, all files at
 * once. Sequence numbers are frame indices within the file and capture times are the file's epoch plus the
 * presentation time, so re-running a replay publishes exactly the same records again, which the job drops as
 * duplicates; the producer is idempotent, so retries do not duplicate records either. A damaged file publishes its
 * readable frames, then the replay fails with where the damage is. Footage older than the topic's retention is
 * refused before anything is published ({@link TopicRetention}).
 */
public final class VideoReplayer {
    private final ReplayOptions o;
    private final PrintStream out;

    public VideoReplayer(ReplayOptions options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    /** Replays every file; returns the frames published per camera. */
    public Map<String, Long> run() throws IOException, InterruptedException {
        Map<String, AtomicLong> counts = new LinkedHashMap<>();
        long expected = 0;
        long oldest = Long.MAX_VALUE;
        for (VideoSource v : o.videos()) {
            counts.put(v.cameraId(), new AtomicLong());
            try (VideoFileReader r = VideoFileReader.open(v.file(), o.range(), o.epochMillis())) {
                expected += r.declaredFrames();
                oldest = Math.min(oldest, r.epochMillis());
            }
        }
        String note = TopicRetention.check(clientProperties(), o.framesTopic(), oldest, System.currentTimeMillis(),
                "replay with --epoch-ms set to a recent time");
        if (note != null) {
            out.println("note: " + note);
        }
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        List<String> damage = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(o.videos().size());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (VideoSource v : o.videos()) {
                running.add(pool.submit(() -> {
                    replay(v, producer, counts.get(v.cameraId()), sendFailure, start);
                    return null;
                }));
            }
            ProgressBar bar = new ProgressBar(out, "replaying at " + o.rate(), Math.max(1, expected));
            for (Future<?> f : running) {
                while (!f.isDone()) {
                    if (total(counts) < expected) {
                        bar.update(total(counts), "frames");
                    }
                    Thread.sleep(200);
                }
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException || e.getCause() instanceof IllegalArgumentException) {
                        damage.add(e.getCause().getMessage());
                    } else {
                        throw new IllegalStateException("replay failed: " + e.getCause(), e.getCause());
                    }
                }
            }
            producer.flush();
            bar.update(Math.max(total(counts), expected), "frames");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (sendFailure.get() != null) {
            throw new IOException("publishing to " + o.framesTopic() + " failed: " + sendFailure.get().getMessage(),
                    sendFailure.get());
        }
        Map<String, Long> published = new LinkedHashMap<>();
        counts.forEach((camera, n) -> published.put(camera, n.get()));
        for (VideoSource v : o.videos()) {
            out.printf("%s: %d frames published to %s as camera %s%n", v.file(), published.get(v.cameraId()),
                    o.framesTopic(), v.cameraId());
        }
        if (!damage.isEmpty()) {
            throw new IOException(String.join("; ", damage));
        }
        return published;
    }

    private void replay(VideoSource v, KafkaProducer<byte[], byte[]> producer, AtomicLong count,
            AtomicReference<Exception> sendFailure, long startNanos) throws IOException, InterruptedException {
        JpegEncoder encoder = new JpegEncoder(o.jpegQuality());
        long passStride = 0;
        long passSpanMicros = 0;
        long firstPts = -1;
        for (long pass = 0; pass == 0 || o.loop(); pass++) {
            try (VideoFileReader reader = VideoFileReader.open(v.file(), o.range(), o.epochMillis())) {
                VideoFrame f;
                long lastIndex = -1;
                long lastPts = 0;
                while ((f = reader.next()) != null) {
                    if (firstPts < 0) {
                        firstPts = f.presentationMicros();
                    }
                    long videoMicros = pass * passSpanMicros + f.presentationMicros();
                    lastIndex = f.index();
                    lastPts = f.presentationMicros();
                    if (f.index() % o.every() != 0) {
                        continue;
                    }
                    waitUntil(startNanos + o.rate().dueNanos(videoMicros - firstPts));
                    if (sendFailure.get() != null) {
                        return;
                    }
                    producer.send(FrameRecords.toRecord(o.framesTopic(), v.cameraId(), pass * passStride + f.index(),
                            reader.epochMillis() + videoMicros / 1000, encoder.encode(f.image())), (meta, e) -> {
                                if (e != null) {
                                    sendFailure.compareAndSet(null, e);
                                }
                            });
                    count.incrementAndGet();
                }
                if (lastIndex < 0) {
                    throw new IllegalArgumentException(v.file() + ": no video frames in the range");
                }
                if (pass == 0) {
                    passStride = lastIndex + 1;
                    double fps = reader.frameRate() > 0 ? reader.frameRate() : 25;
                    passSpanMicros = lastPts - firstPts + Math.round(1e6 / fps);
                }
            }
        }
    }

    private static void waitUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static long total(Map<String, AtomicLong> counts) {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(o.kafkaProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        return p;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = clientProperties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
