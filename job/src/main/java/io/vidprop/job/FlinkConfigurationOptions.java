package io.vidprop.job;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Job options from Flink's configuration ({@code flink run -Dvidprop.frames-topic=cams}, the cluster's config.yaml,
 * a FlinkDeployment's flinkConfiguration, the REST jar run's flinkConfiguration): {@code vidprop.OPTION} is the
 * default of {@code --OPTION}, and {@code vidprop.kafka.KEY} a Kafka client setting. A flag on the command line wins
 * over the configuration, the configuration over the built-in default.
 */
public final class FlinkConfigurationOptions implements IDefaultValueProvider {
    public static final String PREFIX = "vidprop.";
    public static final String KAFKA_PREFIX = PREFIX + "kafka.";

    private final Map<String, String> config;

    public FlinkConfigurationOptions(ReadableConfig config) {
        this.config = config.toMap();
    }

    /** The configuration key of an option: {@code --frames-topic} is {@code vidprop.frames-topic}. */
    public static String key(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        // null: picocli falls back to the option's own default.
        return arg instanceof OptionSpec o ? config.get(key(o)) : null;
    }

    /** The {@code vidprop.kafka.*} settings, without the prefix. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        config.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                props.setProperty(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return props;
    }
}
