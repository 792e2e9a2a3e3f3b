package io.vidprop.job;

import picocli.CommandLine.Option;

/** Options of the jobs' transactional Kafka sinks that the streaming and the batch job share (a picocli mixin). */
public final class KafkaSinkOptions {
    @Option(names = "--dead-letter-topic", defaultValue = ProposalJobOptions.DEFAULT_DEAD_LETTER_TOPIC,
            description = "Topic for frames that cannot be processed (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--transactional-id-prefix", defaultValue = ProposalJobOptions.DEFAULT_TRANSACTIONAL_ID_PREFIX,
            description = "Prefix of the sinks' Kafka transactional ids; unique per running job (default: "
                    + "${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }
}
