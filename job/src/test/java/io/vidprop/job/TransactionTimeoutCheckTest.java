package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.kafka.TransactionTimeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks' transaction timeout checked against a real broker's transaction.max.timeout.ms (15 min by default). */
class TransactionTimeoutCheckTest {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    static Properties client() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    @Test
    void theDefaultFitsTheBrokersDefaultMaximum() {
        assertNull(TransactionTimeout.check(client(), TransactionTimeout.DEFAULT_MS));
    }

    @Test
    void aLongerTimeoutThanTheBrokerAllowsIsRefusedWithTheBrokersValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransactionTimeout.check(client(), 900_001));
        assertTrue(e.getMessage().startsWith("transaction.timeout.ms (900001 ms) is longer than broker 1's "
                + "transaction.max.timeout.ms (900000 ms)"), e.getMessage());
    }

    /** The cluster jar's main (what `vidprop submit` and application mode run) refuses before the job starts. */
    @Test
    void theClusterEntryRefusesToStartTheJob(@TempDir Path tmp) throws Exception {
        Path props = Files.writeString(tmp.resolve("kafka.properties"), "transaction.timeout.ms=3600000\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterEntry.main(new String[] {
                "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-properties", props.toString()}));
        assertTrue(e.getMessage().startsWith("transaction.timeout.ms (3600000 ms) is longer than broker 1's "
                + "transaction.max.timeout.ms (900000 ms)"), e.getMessage());
    }
}
