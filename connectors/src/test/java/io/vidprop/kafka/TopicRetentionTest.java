package io.vidprop.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TopicRetentionTest {
    static final long DAY = 86_400_000L;
    static final long NOW = 1_800_000_000_000L;
    static final String WEEK = Long.toString(7 * DAY);

    @Test
    void footageOlderThanTheRetentionIsRefusedSayingWhatToChange() {
        assertEquals("topic frames deletes records older than its retention.ms (604800000 ms = 168.0 h) by their"
                + " timestamps, and these records carry capture times from 2023-11-14T22:13:20Z: the broker would"
                + " delete them within minutes. Set the topic's retention.ms to -1 (or longer than the footage's age)"
                + " or its message.timestamp.type to LogAppendTime, or replay with a recent --epoch-ms",
                TopicRetention.violation("frames", "delete", "CreateTime", WEEK, 1_700_000_000_000L, NOW,
                        "replay with a recent --epoch-ms"));
    }

    @Test
    void footageThatWouldExpireWithinTheHourIsRefusedToo() {
        long justInside = NOW - 7 * DAY + TopicRetention.MARGIN_MS;
        assertNull(TopicRetention.violation("t", "delete", "CreateTime", WEEK, justInside, NOW, null));
        String error = TopicRetention.violation("t", "delete", "CreateTime", WEEK, justInside - 1, NOW, null);
        assertEquals(true, error != null && error.endsWith("or its message.timestamp.type to LogAppendTime"), error);
    }

    @Test
    void topicsThatKeepOldRecordsAreAccepted() {
        long old = NOW - 1000 * DAY;
        assertNull(TopicRetention.violation("t", "delete", "CreateTime", "-1", old, NOW, null), "infinite retention");
        assertNull(TopicRetention.violation("t", "delete", "LogAppendTime", WEEK, old, NOW, null), "broker's clock");
        assertNull(TopicRetention.violation("t", "compact", "CreateTime", WEEK, old, NOW, null), "compaction only");
        assertEquals(true, TopicRetention.violation("t", "compact,delete", "CreateTime", WEEK, old, NOW, null) != null);
        assertNull(TopicRetention.violation("t", "delete", "CreateTime", WEEK, NOW - DAY, NOW, null), "recent");
    }
}
