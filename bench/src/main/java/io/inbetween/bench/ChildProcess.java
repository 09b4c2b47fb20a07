package io.inbetween.bench;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark started and must not leave behind: it is stopped when the benchmark is
 * interrupted (Ctrl-C, SIGTERM) or times out, and when it is closed.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Thread onShutdown;

    private ChildProcess(Process process) {
        this.process = process;
        this.onShutdown = new Thread(process::destroy, "bench-child-stop");
        Runtime.getRuntime().addShutdownHook(onShutdown);
    }

    /** Starts the process with its stdin closed. */
    static ChildProcess start(ProcessBuilder builder) throws IOException {
        ChildProcess child = new ChildProcess(builder.start());
        child.process.getOutputStream().close();
        return child;
    }

    /** The exit code, or empty after stopping a process that ran longer than the timeout. */
    OptionalInt waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        if (process.waitFor(timeout, unit)) return OptionalInt.of(process.exitValue());
        process.destroyForcibly().waitFor();
        return OptionalInt.empty();
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: nothing to undo
        }
    }
}
