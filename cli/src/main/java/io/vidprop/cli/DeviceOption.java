package io.vidprop.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine.Option;

/**
 * {@code --device cpu|gpu|gpu:N} for the commands that train or evaluate a model (a picocli mixin), parsed into a DJL
 * device, failing clearly when no such GPU exists.
 */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    /** The device the option names. */
    Device device() {
        return parse(device);
    }

    @Override
    public String toString() {
        return device;
    }

    static Device parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        int index = 0;
        if (s.startsWith("gpu:")) {
            try {
                index = Integer.parseInt(s.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--device " + spec + ": expected cpu, gpu or gpu:N");
            }
        } else if (!s.equals("gpu")) {
            throw new IllegalArgumentException("--device " + spec + ": expected cpu, gpu or gpu:N");
        }
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (index >= gpus) {
            throw new IllegalArgumentException("--device " + spec + ": this machine's PyTorch engine sees " + gpus
                    + " GPU(s)");
        }
        return Device.gpu(index);
    }
}
