package io.inbetween.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drops DJL's "CUDA driver version is insufficient" warning on a machine without an NVIDIA GPU:
 * there it only says that the CPU build looked for a GPU, and the CPU is used as intended. With
 * a GPU present the warning matters (a driver too old for the CUDA build) and is shown.
 */
public final class NoGpuCudaWarningFilter extends Filter<ILoggingEvent> {
    private static final boolean GPU_PRESENT = Files.exists(Path.of("/dev/nvidiactl")) || Files.exists(Path.of("/proc/driver/nvidia"));

    @Override public FilterReply decide(ILoggingEvent event) {
        if (GPU_PRESENT || !event.getLoggerName().startsWith("ai.djl")) return FilterReply.NEUTRAL;
        String message = event.getFormattedMessage();
        return message != null && message.contains("CUDA driver version is insufficient") ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
