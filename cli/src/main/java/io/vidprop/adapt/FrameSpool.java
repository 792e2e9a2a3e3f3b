package io.vidprop.adapt;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameDeserializer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads some cameras' frames from the frames topic and spools them to disk, one video file per camera, for
 * {@code vidprop adapt --camera}.
 *
 * <p>Each camera's frames are taken for {@link Settings#duration} of its own capture time ({@code vidprop.capture-ts},
 * else the record timestamp), counted from its first frame read: a frame captured that long after the first ends the
 * camera. While reading, each frame's encoded bytes go to one spool file per camera ({@link SpoolFile}), with an
 * index in memory; the encoded bytes of all cameras together are bounded by {@link Settings#maxSpoolBytes} (reading
 * stops there, and the cameras keep what was read). Afterwards each camera's frames are decoded in order of their
 * sequence numbers (a sequence number read twice is kept once) and written as an MPEG-4 video at the frame rate their
 * capture times show ({@link SpoolVideo}); the spool files are deleted as each video is written.
 */
public final class FrameSpool {
    /** How long a Kafka call may take before the broker counts as unreachable. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What to read.
     *
     * @param topic the frames topic
     * @param client bootstrap servers and any security settings
     * @param cameras the camera ids (record keys) to read
     * @param duration capture time to read of each camera, from its first frame
     * @param fromEarliest read the topic from its start instead of from its end (new frames only)
     * @param maxSpoolBytes bound on the encoded bytes of every camera's frames together
     * @param idleTimeout a camera that has frames but sends none for this long (wall time) ends with what it has
     * @param dir where the spool and video files go
     * @param progress where progress lines go (stderr)
     */
    public record Settings(String topic, Properties client, List<String> cameras, Duration duration,
            boolean fromEarliest, long maxSpoolBytes, Duration idleTimeout, Path dir, PrintStream progress) {}

    /**
     * One camera's spooled footage.
     *
     * @param video the video file, or null when no frame was read
     * @param frames frames in the video
     * @param duplicates frames whose sequence number was read before (left out)
     * @param undecodable frames that could not be decoded, or whose size differs from the camera's first (left out)
     * @param endedBy why reading the camera ended: {@code duration}, {@code idle}, {@code spool} or {@code no frames}
     */
    public record Camera(String camera, Path video, long frames, long duplicates, long undecodable, long firstSequence,
            long lastSequence, long firstCapture, long lastCapture, double fps, int width, int height, long bytes,
            String endedBy) {
        /** Capture time spanned, first frame to one frame period after the last. */
        public double seconds() {
            return frames == 0 ? 0 : (lastCapture - firstCapture) / 1000.0 + (fps > 0 ? 1 / fps : 0);
        }
    }

    /** A camera while reading. */
    static final class Reading {
        final String camera;
        final Path spool;
        final DataOutputStream out;
        final TreeMap<Long, SpoolFile.Entry> bySequence = new TreeMap<>();
        long written;
        long duplicates;
        long firstCapture = Long.MIN_VALUE;
        long lastArrivalNanos;
        String endedBy;

        Reading(String camera, Path spool) throws IOException {
            this.camera = camera;
            this.spool = spool;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16));
        }

        double secondsRead(long capture) {
            return firstCapture == Long.MIN_VALUE ? 0 : (capture - firstCapture) / 1000.0;
        }
    }

    private FrameSpool() {}

    /**
     * Reads and spools the cameras' frames; every camera is in the result, in the order given.
     *
     * @throws IllegalArgumentException the topic does not exist, or Kafka cannot be reached
     */
    public static Map<String, Camera> spool(Settings s) throws IOException, InterruptedException {
        return spool(s, System::nanoTime);
    }

    static Map<String, Camera> spool(Settings s, LongSupplier clock) throws IOException, InterruptedException {
        List<TopicPartition> partitions = partitions(s);
        Files.createDirectories(s.dir());
        Map<String, Reading> cameras = new LinkedHashMap<>();
        int n = 0;
        for (String c : s.cameras()) {
            cameras.put(c, new Reading(c, s.dir().resolve("camera-" + n++ + ".spool")));
        }
        TreeSet<String> others = new TreeSet<>();
        long total = 0;
        boolean full = false;
        Properties p = new Properties();
        p.putAll(s.client());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long durationMs = s.duration().toMillis();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(partitions);
            if (s.fromEarliest()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            for (TopicPartition tp : partitions) {
                consumer.position(tp, KAFKA_TIMEOUT); // fixes "from now on" before the first poll
            }
            long start = clock.getAsLong();
            s.progress().printf(Locale.ROOT, "reading %s from topic %s (%s) for %s s of each camera's capture time%n",
                    String.join(", ", s.cameras()), s.topic(), s.fromEarliest() ? "from its start"
                            : "new frames only", number(durationMs / 1000.0));
            long lastProgress = start;
            while (!full && !allEnded(cameras.values())) {
                long now = clock.getAsLong();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String camera = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    Reading c = camera == null ? null : cameras.get(camera);
                    if (c == null) {
                        if (camera != null && others.size() < 50) {
                            others.add(camera);
                        }
                        continue;
                    }
                    if (c.endedBy != null) {
                        continue;
                    }
                    Frame f = FrameDeserializer.toFrame(r, System.currentTimeMillis());
                    if (f.problem != null) {
                        continue; // the job sends it to its dead letters; it is no footage either
                    }
                    if (c.firstCapture == Long.MIN_VALUE) {
                        c.firstCapture = f.captureTimestamp;
                    }
                    c.lastArrivalNanos = clock.getAsLong();
                    if (f.captureTimestamp - c.firstCapture >= durationMs) {
                        c.endedBy = "duration";
                        continue;
                    }
                    if (c.bySequence.containsKey(f.sequence)) {
                        c.duplicates++;
                        continue;
                    }
                    long size = f.payload.length;
                    if (total + size > s.maxSpoolBytes()) {
                        full = true;
                        break;
                    }
                    c.bySequence.put(f.sequence, new SpoolFile.Entry(c.written, f.captureTimestamp));
                    c.written += SpoolFile.write(c.out, f);
                    total += size;
                }
                now = clock.getAsLong();
                for (Reading c : cameras.values()) {
                    if (c.endedBy != null) {
                        continue;
                    }
                    if (c.bySequence.isEmpty() && c.firstCapture == Long.MIN_VALUE) {
                        if (now - start >= Math.max(durationMs, s.idleTimeout().toMillis()) * 1_000_000L) {
                            c.endedBy = "no frames";
                        }
                    } else if (now - c.lastArrivalNanos >= s.idleTimeout().toNanos()) {
                        c.endedBy = "idle";
                        s.progress().printf(Locale.ROOT, "%s: no frame for %s s, %s s of %s read: it ends here%n",
                                c.camera, number(s.idleTimeout().toMillis() / 1000.0), number(secondsSpooled(c)),
                                number(durationMs / 1000.0));
                    }
                }
                if (now - lastProgress >= 2_000_000_000L) {
                    lastProgress = now;
                    s.progress().println(progress(cameras.values(), durationMs, start, now, s));
                }
            }
            if (full) {
                s.progress().printf(Locale.ROOT, "the spool reached --max-spool-mb %d (%s): reading stopped, the "
                        + "cameras keep what was read%n", s.maxSpoolBytes() >> 20, spoolSummary(cameras.values()));
                for (Reading c : cameras.values()) {
                    if (c.endedBy == null) {
                        c.endedBy = c.bySequence.isEmpty() ? "no frames" : "spool";
                    }
                }
            }
            s.progress().println(progress(cameras.values(), durationMs, start, clock.getAsLong(), s));
        } finally {
            for (Reading c : cameras.values()) {
                c.out.close();
            }
        }
        List<String> missing = new ArrayList<>();
        for (Reading c : cameras.values()) {
            if (c.bySequence.isEmpty()) {
                missing.add(c.camera);
            }
        }
        if (!missing.isEmpty()) {
            for (Reading c : cameras.values()) {
                Files.deleteIfExists(c.spool);
            }
            throw new IllegalArgumentException("no frames of camera " + String.join(", ", missing) + " on topic "
                    + s.topic() + " within " + number(Math.max(durationMs, s.idleTimeout().toMillis()) / 1000.0)
                    + " s" + (s.fromEarliest() ? "" : " (only new frames are read; --from-earliest reads the topic "
                    + "from its start)") + "; " + (others.isEmpty() ? "no other camera's frames were read either"
                    : "cameras whose frames were read: " + String.join(", ", others)));
        }
        Map<String, Camera> out = new LinkedHashMap<>();
        n = 0;
        for (Reading c : cameras.values()) {
            out.put(c.camera, SpoolVideo.write(c, s.dir().resolve("camera-" + n++ + ".mp4"), s.progress()));
        }
        return out;
    }

    private static boolean allEnded(Iterable<Reading> cameras) {
        for (Reading c : cameras) {
            if (c.endedBy == null) {
                return false;
            }
        }
        return true;
    }

    private static double secondsSpooled(Reading c) {
        return c.bySequence.isEmpty() ? 0 : (lastCapture(c) - c.firstCapture) / 1000.0;
    }

    private static long lastCapture(Reading c) {
        long last = Long.MIN_VALUE;
        for (SpoolFile.Entry e : c.bySequence.values()) {
            last = Math.max(last, e.capture());
        }
        return last;
    }

    private static String progress(Iterable<Reading> cameras, long durationMs, long start, long now, Settings s) {
        StringBuilder sb = new StringBuilder("spooling:");
        for (Reading c : cameras) {
            sb.append(' ').append(c.camera).append(' ').append(c.bySequence.size()).append(" frames");
            if (c.endedBy != null) {
                sb.append(" (").append(c.endedBy.equals("duration") ? "done" : c.endedBy).append(')');
            } else if (c.bySequence.isEmpty()) {
                long waitMs = Math.max(durationMs, s.idleTimeout().toMillis()) - (now - start) / 1_000_000L;
                sb.append(String.format(Locale.ROOT, " (waiting for its first frame, %s s left)",
                        number(Math.max(0, waitMs) / 1000.0)));
            } else {
                sb.append(String.format(Locale.ROOT, ", %s s left", number(Math.max(0,
                        durationMs / 1000.0 - secondsSpooled(c)))));
            }
            sb.append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static String spoolSummary(Iterable<Reading> cameras) {
        List<String> parts = new ArrayList<>();
        for (Reading c : cameras) {
            parts.add(String.format(Locale.ROOT, "%s %d frames, %s s", c.camera, c.bySequence.size(),
                    number(secondsSpooled(c))));
        }
        return String.join("; ", parts);
    }

    /** A number as the messages show it: whole numbers without decimals, others to 0.1. */
    public static String number(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /** The topic's partitions; refuses a topic that does not exist or a broker that does not answer. */
    private static List<TopicPartition> partitions(Settings s) throws InterruptedException {
        Properties p = new Properties();
        p.putAll(s.client());
        String servers = p.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(s.topic())) {
                throw new IllegalArgumentException("the frames topic " + s.topic() + " does not exist on " + servers
                        + " (--frames-topic names the topic the cameras publish to)");
            }
            List<TopicPartition> out = new ArrayList<>();
            var description = admin.describeTopics(List.of(s.topic())).allTopicNames()
                    .get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(s.topic());
            description.partitions().forEach(i -> out.add(new TopicPartition(s.topic(), i.partition())));
            return out;
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("Kafka at " + servers + " did not answer within "
                    + KAFKA_TIMEOUT.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalArgumentException("could not list the topics of Kafka at " + servers + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
