package io.vidprop.cli;

import io.vidprop.train.RpnTrainer;
import picocli.CommandLine.Option;

/** How many images a training step takes, for {@code train} and {@code adapt} (a picocli mixin). */
final class TrainingStepOptions {
    @Option(names = "--batch-size", defaultValue = "" + RpnTrainer.DEFAULT_BATCH_SIZE,
            description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;
}
