package io.vidprop.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Reads a {@code --kafka-properties} file; no file gives no extra settings. */
public final class KafkaPropertiesFile {
    private KafkaPropertiesFile() {}

    public static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--kafka-properties " + file + ": no such file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        return props;
    }
}
