package io.vidprop.settings;

/**
 * A record of the settings topic: a camera's new settings, its settings cleared (a tombstone: back to the job's
 * defaults), or a value that could not be used, with the reason (it goes to the settings dead letters and the camera
 * keeps its settings). Plain strings, so it crosses the network and sits in state without a custom serializer.
 *
 * @param cameraId the record's key
 * @param settingsJson the new settings, validated and written out in full ({@link CameraSettingsJson#toJson}); null when
 *     cleared or refused
 * @param problem why the value was refused; null when it was used
 * @param value the record's value as text (null for a tombstone or an oversized value), for the dead letter
 * @param partition the settings topic partition
 * @param offset the record's offset
 */
public record CameraSettingsUpdate(String cameraId, String settingsJson, String problem, String value, int partition,
        long offset) implements java.io.Serializable {
    public boolean cleared() {
        return settingsJson == null && problem == null;
    }

    /** This record refused for {@code why} (for the settings dead letters): the camera keeps its settings. */
    public CameraSettingsUpdate refused(String why) {
        return new CameraSettingsUpdate(cameraId, null, why, value, partition, offset);
    }
}
