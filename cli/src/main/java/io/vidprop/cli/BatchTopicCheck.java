package io.vidprop.cli;

import io.vidprop.batch.BatchOptions;
import io.vidprop.kafka.TopicRetention;
import io.vidprop.video.VideoFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Before a batch run to a topic: proposal records carry the files' capture times as their Kafka timestamps, which the
 * topic's time-based retention must keep. The oldest is {@code --epoch-ms} when given, else read from the headers of
 * the local files named one by one (directories and patterns are listed on the cluster, not here).
 */
final class BatchTopicCheck {
    private BatchTopicCheck() {}

    /** A note to print, or null; refuses (IllegalArgumentException) a topic that would delete the records. */
    static String check(BatchOptions o) throws IOException {
        BatchOptions.KafkaOutput k = o.kafka();
        long oldest = Long.MAX_VALUE;
        if (o.source().epochMillis() != null) {
            oldest = o.source().epochMillis();
        } else {
            for (String v : o.source().inputs()) {
                if (Files.isRegularFile(Path.of(v))) {
                    oldest = Math.min(oldest, VideoFileReader.probe(v).epochMillis());
                }
            }
        }
        if (oldest == Long.MAX_VALUE) {
            return "the files' capture times are read on the cluster: topic " + k.proposalsTopic() + "'s retention "
                    + "was not checked against them (give --epoch-ms to check it)";
        }
        Properties p = new Properties();
        p.putAll(k.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
        return TopicRetention.check(p, k.proposalsTopic(), oldest, System.currentTimeMillis(),
                "run with --epoch-ms set to a recent time");
    }
}
