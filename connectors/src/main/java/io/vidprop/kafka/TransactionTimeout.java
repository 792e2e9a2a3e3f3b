package io.vidprop.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The {@code transaction.timeout.ms} of the job's exactly-once Kafka sinks. A sink's transaction stays open from the
 * first record after a checkpoint until the checkpoint completes, and after a failure until the restarted job
 * commits or aborts it; the broker aborts it once the timeout passes. So the timeout is how long a failed job may
 * stay down before the proposals of its last checkpoint are lost, and also the longest that read_committed consumers
 * stay blocked behind an open transaction when the job never comes back (a job that comes back aborts the failed
 * attempt's transactions at once). The default is the longest a broker allows by default ({@code
 * transaction.max.timeout.ms}, 15 minutes): losing data is worse than a blocked consumer, which only happens when
 * the job is gone for good and needs a person anyway.
 */
public final class TransactionTimeout {
    public static final long DEFAULT_MS = Duration.ofMinutes(15).toMillis();
    static final String BROKER_MAXIMUM = "transaction.max.timeout.ms";

    private TransactionTimeout() {}

    /**
     * The timeout these producer properties set ({@code transaction.timeout.ms}), else {@link #DEFAULT_MS}; refuses
     * one that a checkpoint interval would outlast, since every transaction would then be aborted before its commit.
     */
    public static long of(Properties producer, long checkpointIntervalMillis) {
        String value = producer.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        long ms;
        try {
            ms = value == null ? DEFAULT_MS : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("transaction.timeout.ms must be a number of milliseconds, got '"
                    + value + "'");
        }
        if (ms <= checkpointIntervalMillis) {
            throw new IllegalArgumentException("transaction.timeout.ms (" + ms + ") must be longer than the "
                    + "checkpoint interval (" + checkpointIntervalMillis + " ms): transactions are committed at "
                    + "checkpoints, and the broker would abort every one before that");
        }
        return ms;
    }

    /**
     * Throws {@link IllegalArgumentException} when a broker of the cluster allows shorter transactions than
     * {@code timeoutMs} (the sinks could not start a transaction, and the job would restart forever). Returns null
     * when it fits, or a note saying why it could not be checked (no permission to describe the brokers, broker
     * unreachable), which callers print and go on.
     */
    public static String check(Properties clientProperties, long timeoutMs) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(p)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
            List<ConfigResource> brokers = nodes.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.BROKER, n.idString())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all().get(15, TimeUnit.SECONDS);
            for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
                ConfigEntry maximum = e.getValue().get(BROKER_MAXIMUM);
                if (maximum != null && maximum.value() != null) {
                    String violation = violation(timeoutMs, e.getKey().name(), Long.parseLong(maximum.value().trim()));
                    if (violation != null) {
                        throw new IllegalArgumentException(violation);
                    }
                }
            }
            return null;
        } catch (ExecutionException e) {
            return "could not read the brokers' " + BROKER_MAXIMUM + ": " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "could not read the brokers' " + BROKER_MAXIMUM + " within 15 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while reading the brokers' " + BROKER_MAXIMUM;
        }
    }

    /** The error for a broker allowing {@code brokerMaximumMs}, or null when {@code timeoutMs} fits. */
    static String violation(long timeoutMs, String brokerId, long brokerMaximumMs) {
        if (timeoutMs <= brokerMaximumMs) {
            return null;
        }
        return "transaction.timeout.ms (" + timeoutMs + " ms) is longer than broker " + brokerId + "'s "
                + BROKER_MAXIMUM + " (" + brokerMaximumMs + " ms): the proposal sinks could not start a transaction."
                + " Set transaction.timeout.ms to at most " + brokerMaximumMs + " in --kafka-properties, or raise the"
                + " brokers' " + BROKER_MAXIMUM + " (it bounds how long a failed job may stay down without losing"
                + " proposals)";
    }
}
