package io.inbetween.model.crvd;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the device a model runs on: "auto" takes the first GPU when the engine sees one. */
public final class ComputeDevice {
    private static final Logger log = LoggerFactory.getLogger(ComputeDevice.class);

    private ComputeDevice() {}

    /** @param name auto, cpu, gpu or gpu:N */
    public static Device resolve(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase();
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        Device device;
        if (n.equals("auto")) {
            device = gpus > 0 ? Device.gpu() : Device.cpu();
            log.info("device auto: {} ({} GPU(s) visible to PyTorch)", device, gpus);
            return device;
        }
        if (n.equals("cpu")) return Device.cpu();
        if (n.equals("gpu") || n.startsWith("gpu:")) {
            int id = n.equals("gpu") ? 0 : parseId(n.substring(4), name);
            if (id >= gpus)
                throw new IllegalArgumentException("device " + name + " asked for, but PyTorch sees " + gpus
                        + " GPU(s): use --device cpu, or a CUDA build (see docs/gpu.md)");
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("unknown device '" + name + "': use auto, cpu, gpu or gpu:N");
    }

    private static int parseId(String id, String name) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown device '" + name + "': use auto, cpu, gpu or gpu:N");
        }
    }
}
