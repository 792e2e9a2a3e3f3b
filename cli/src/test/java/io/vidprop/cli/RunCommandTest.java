package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.broker.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    /** Without the check the sinks would fail at their first transaction and the job would restart forever. */
    @Test
    void refusesATransactionTimeoutTheBrokerDoesNotAllowBeforeTheJobStarts(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path props = Files.writeString(tmp.resolve("kafka.properties"), "transaction.timeout.ms=3600000\n");
            StringWriter err = new StringWriter();
            int code = Vidprop.commandLine().setErr(new PrintWriter(err, true)).execute("run", "--bootstrap-servers",
                    kafka.bootstrapServers(), "--kafka-properties", props.toString());
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().startsWith("vidprop run: transaction.timeout.ms (3600000 ms) is longer than "
                    + "broker 1's transaction.max.timeout.ms (900000 ms)"), err.toString());
        }
    }
}
