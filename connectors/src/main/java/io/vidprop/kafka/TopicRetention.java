package io.vidprop.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Refuses to write records that the broker would delete at once. vidprop stamps frame and proposal records with the
 * capture time, and Kafka's time-based retention goes by record timestamps: footage recorded longer ago than a
 * topic's {@code retention.ms} (7 days by default) would vanish at the broker's next retention check, minutes later.
 */
public final class TopicRetention {
    /** Records must outlive the check by this much: retention checks run every 5 minutes by default. */
    static final long MARGIN_MS = Duration.ofHours(1).toMillis();

    private TopicRetention() {}

    /**
     * Throws {@link IllegalArgumentException} if {@code topic} would delete records stamped {@code oldestTimestamp}
     * within the hour. Returns null when the records will be kept, or a note saying why that could not be checked
     * (no such topic yet, no permission to describe it, broker unreachable), which callers print and go on.
     *
     * @param fix what the caller's user can change besides the topic, e.g. "replay with a recent --epoch-ms"
     */
    public static String check(Properties clientProperties, String topic, long oldestTimestamp, long nowMillis,
            String fix) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try (Admin admin = Admin.create(p)) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all().get(15,
                    TimeUnit.SECONDS);
            config = configs.get(resource);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return "topic " + topic + " does not exist yet; its retention could not be checked";
            }
            return "could not read topic " + topic + "'s retention: " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "could not read topic " + topic + "'s retention within 15 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while reading topic " + topic + "'s retention";
        }
        String violation = violation(topic, value(config, TopicConfig.CLEANUP_POLICY_CONFIG),
                value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG),
                value(config, TopicConfig.RETENTION_MS_CONFIG), oldestTimestamp, nowMillis, fix);
        if (violation != null) {
            throw new IllegalArgumentException(violation);
        }
        return null;
    }

    /** The error for a topic with these settings, or null when it keeps records stamped {@code oldestTimestamp}. */
    static String violation(String topic, String cleanupPolicy, String timestampType, String retentionMs,
            long oldestTimestamp, long nowMillis, String fix) {
        boolean deletes = cleanupPolicy == null || cleanupPolicy.contains(TopicConfig.CLEANUP_POLICY_DELETE);
        if (!deletes || "LogAppendTime".equals(timestampType) || retentionMs == null) {
            return null;
        }
        long retention = Long.parseLong(retentionMs.trim());
        if (retention < 0 || oldestTimestamp >= nowMillis - retention + MARGIN_MS) {
            return null;
        }
        return "topic " + topic + " deletes records older than its retention.ms (" + retention + " ms = "
                + String.format(Locale.ROOT, "%.4g", retention / 3.6e6) + " h) by their timestamps, and these records"
                + " carry capture times from " + Instant.ofEpochMilli(oldestTimestamp) + ": the broker would delete"
                + " them within minutes. Set the topic's retention.ms to -1 (or longer than the footage's age) or its"
                + " message.timestamp.type to LogAppendTime" + (fix == null ? "" : ", or " + fix);
    }

    private static String value(Config config, String name) {
        ConfigEntry e = config == null ? null : config.get(name);
        return e == null ? null : e.value();
    }
}
