package io.vidprop.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Parses {@code --device cpu|gpu|gpu:N} into a DJL device, failing clearly when no such GPU exists. */
final class DeviceOption {
    private DeviceOption() {}

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
