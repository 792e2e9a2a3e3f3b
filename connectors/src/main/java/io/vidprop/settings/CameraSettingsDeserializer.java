package io.vidprop.settings;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the settings topic; never fails: a record that cannot be used becomes an update with its problem. */
public final class CameraSettingsDeserializer implements KafkaRecordDeserializationSchema<CameraSettingsUpdate> {
    private static final long serialVersionUID = 1L;
    /** Settings values larger than this are refused unread (a camera's settings are a few KB). */
    public static final int MAX_VALUE_BYTES = 1 << 20;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CameraSettingsUpdate> out) {
        out.collect(toUpdate(record.key(), record.value(), record.partition(), record.offset()));
    }

    public static CameraSettingsUpdate toUpdate(byte[] key, byte[] value, int partition, long offset) {
        if (key == null || key.length == 0) {
            return new CameraSettingsUpdate(null, null, "a settings record needs the camera id as its key",
                    text(value), partition, offset);
        }
        String camera = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            return new CameraSettingsUpdate(camera, null, null, null, partition, offset);
        }
        if (value.length > MAX_VALUE_BYTES) {
            return new CameraSettingsUpdate(camera, null, "settings value of " + value.length + " bytes is over the"
                    + " limit of " + MAX_VALUE_BYTES, null, partition, offset);
        }
        String json = new String(value, StandardCharsets.UTF_8);
        try {
            return new CameraSettingsUpdate(camera, CameraSettingsJson.toJson(CameraSettingsJson.parse(json)), null, json,
                    partition, offset);
        } catch (IllegalArgumentException e) {
            return new CameraSettingsUpdate(camera, null, e.getMessage(), json, partition, offset);
        }
    }

    private static String text(byte[] value) {
        return value == null || value.length > MAX_VALUE_BYTES ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<CameraSettingsUpdate> getProducedType() {
        return TypeInformation.of(CameraSettingsUpdate.class);
    }
}
