package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.cli.Vidprop;
import io.vidprop.demo.EmbeddedKafka;
import io.vidprop.kafka.TransactionTimeout;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    @Test
    void vidpropRunRefusesToStartTheJob(@TempDir Path tmp) throws Exception {
        Path props = Files.writeString(tmp.resolve("kafka.properties"), "transaction.timeout.ms=3600000\n");
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setErr(new PrintWriter(err, true)).execute("run", "--bootstrap-servers",
                kafka.bootstrapServers(), "--kafka-properties", props.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("transaction.timeout.ms (3600000 ms) is longer than broker 1's "
                + "transaction.max.timeout.ms (900000 ms)"), err.toString());
    }
}
