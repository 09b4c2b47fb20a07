package io.inbetween.cli;

import io.inbetween.wire.console.StatusLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run. The first asks for an orderly stop: the job is
 * cancelled, its partial output is discarded, and the temporary broker goes with its folder as
 * the command unwinds. A second signal, or an orderly stop that takes longer than its grace
 * period, quits at once after deleting what is left (the partial output, the work folder).
 * Without this the JVM's default handler exits with the daemon stages mid-write and leaves both.
 */
final class RunInterrupts implements AutoCloseable {
    /** Exit status of a run stopped by a signal, as shells report Ctrl-C. */
    static final int EXIT_CODE = 130;
    private static final Duration GRACE = Duration.ofSeconds(20);

    private volatile Runnable stop;
    private volatile String stopping = "stopping: the job is cancelled and its partial output deleted";
    private final Runnable cleanUp;
    private final AtomicInteger signals = new AtomicInteger();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    /**
     * Until {@link #stopWith} names the orderly stop, a signal quits at once.
     *
     * @param cleanUp deletes what an orderly stop would have deleted, quickly; runs just before quitting
     */
    RunInterrupts(Runnable cleanUp) {
        this.cleanUp = cleanUp;
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, this::onSignal));
        }
    }

    /** From now on a first signal asks for this orderly stop (cancels the job); it runs on a thread of its own. */
    void stopWith(Runnable orderlyStop) { stop = orderlyStop; }

    /** ... saying {@code message} when it starts (what the stop does). */
    void stopWith(Runnable orderlyStop, String message) {
        stopping = message;
        stop = orderlyStop;
    }

    /** Whether a signal came. */
    boolean interrupted() { return signals.get() > 0; }

    private void onSignal(Signal signal) {
        Runnable orderlyStop = stop;
        if (signals.incrementAndGet() > 1 || orderlyStop == null) quit();
        StatusLine.stderr().print("\n" + stopping + " (press Ctrl-C again to quit at once)\n");
        Thread orderly = new Thread(() -> {
            orderlyStop.run();
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            quit();
        }, "inbetween-stop");
        orderly.setDaemon(true);
        orderly.start();
    }

    private void quit() {
        try {
            cleanUp.run();
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    @Override public void close() {
        previous.forEach(Signal::handle);
    }
}
