package io.vidprop.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: {@code --bootstrap-servers} and {@code --kafka-properties} (TLS, SASL, ...), one
 * definition for the job and every command that talks to Kafka (a picocli mixin).
 */
public final class KafkaConnectionOptions {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    @Option(names = "--bootstrap-servers", defaultValue = DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = {"A properties file of Kafka client settings (security.protocol, sasl.*, ssl.*, ...); its "
                + "values are never logged or shown."})
    Path kafkaProperties;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code --kafka-properties} file, or null. */
    public Path propertiesFile() {
        return kafkaProperties;
    }

    /** The file's settings; none without a file. */
    public Properties properties() throws IOException {
        return KafkaPropertiesFile.load(kafkaProperties);
    }
}
