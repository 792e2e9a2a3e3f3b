package io.vidprop.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class TransactionTimeoutTest {
    static Properties timeout(String ms) {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", ms);
        return p;
    }

    @Test
    void defaultsToTheBrokersDefaultMaximumAndTakesTheProducerSetting() {
        assertEquals(900_000, TransactionTimeout.of(new Properties(), 2000));
        assertEquals(60_000, TransactionTimeout.of(timeout(" 60000 "), 2000));
    }

    @Test
    void refusesATimeoutTheCheckpointIntervalOutlasts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransactionTimeout.of(timeout("2000"), 2000));
        assertEquals("transaction.timeout.ms (2000) must be longer than the checkpoint interval (2000 ms): transactions"
                + " are committed at checkpoints, and the broker would abort every one before that", e.getMessage());
        assertEquals("transaction.timeout.ms must be a number of milliseconds, got '10 min'",
                assertThrows(IllegalArgumentException.class, () -> TransactionTimeout.of(timeout("10 min"), 2000))
                        .getMessage());
    }

    @Test
    void aTimeoutAboveTheBrokersMaximumIsAViolationAndEqualIsNot() {
        assertNull(TransactionTimeout.violation(900_000, "1", 900_000));
        assertEquals("transaction.timeout.ms (900001 ms) is longer than broker 3's transaction.max.timeout.ms"
                + " (900000 ms): the proposal sinks could not start a transaction. Set transaction.timeout.ms to at"
                + " most 900000 in --kafka-properties, or raise the brokers' transaction.max.timeout.ms (it bounds"
                + " how long a failed job may stay down without losing proposals)",
                TransactionTimeout.violation(900_001, "3", 900_000));
    }
}
