package io.inbetween.wire;

import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of every long-running stage, written once: {@link #run()} on a thread of its own
 * turns {@link #step()} until {@link #close()} asks it to stop, then {@link #shutDown()} closes
 * the clients. A service runs once. {@code close()} from any thread wakes the loop (a consumer
 * blocked in poll) and waits, within a limit, until the loop has shut down; closing a service
 * that never ran just shuts it down.
 */
public abstract class ServiceLoop implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceLoop.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final String name;
    private final Duration closeLimit;
    private final Object lifecycle = new Object();
    private State state = State.NEW;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Heartbeat heartbeat = Heartbeat.NONE;

    /**
     * @param name       what the logs call it ("decoder", "interpolator", "encoder")
     * @param closeLimit how long {@link #close()} waits for the loop to finish its work in hand
     */
    protected ServiceLoop(String name, Duration closeLimit) {
        this.name = name;
        this.closeLimit = closeLimit;
    }

    /** Before the first step: catch up on the jobs topic, subscribe. */
    protected void start() {}

    /** One turn of the loop: poll, handle, commit. Called until {@link #stopping()}. */
    protected abstract void step();

    /** Interrupts a blocking call of the loop (a consumer's {@code wakeup()}); called from the closing thread. */
    protected abstract void wakeUp();

    /** After the loop (or on a close before it ever ran): finish what is safe to finish, close the clients. */
    protected abstract void shutDown();

    /** The service's Kafka clients, for metrics. */
    public abstract KafkaClients kafkaClients();

    /** Beats {@code h} at every turn of the loop, so that a health check can see the service is alive. */
    public final void beatInto(Heartbeat h) { this.heartbeat = h; }

    /** Whether a stop was asked for. */
    protected final boolean stopping() { return stopping.get(); }

    /** Asks the loop to stop after its current step, without waiting (for a stage that must stop itself). */
    protected final void requestStop() { stopping.set(true); }

    /** Runs until {@link #close()}; throws, with a one-line message, when the service cannot go on. */
    @Override public final void run() {
        synchronized (lifecycle) {
            if (state != State.NEW) throw new IllegalStateException("a " + name + " service runs once; this one is " + state);
            state = State.RUNNING;
        }
        try {
            start();
            while (!stopping.get()) {
                step();
                heartbeat.beat();
            }
        } catch (WakeupException e) {
            if (!stopping.get()) throw failed(new IllegalStateException(name + " woken up without a stop request", e));
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            try {
                shutDown();
            } finally {
                synchronized (lifecycle) { state = State.CLOSED; }
                finished.countDown();
            }
        }
    }

    private RuntimeException failed(RuntimeException e) {
        log.error("{} failed: {}", name, OneLine.of(e));
        return e;
    }

    /**
     * Asks a running loop to stop and wakes it, without waiting; a following {@link #close()}
     * waits. Lets a process stop all its services at once instead of one after the other.
     */
    public final void requestClose() {
        boolean running;
        synchronized (lifecycle) { running = state == State.RUNNING; }
        if (running && stopping.compareAndSet(false, true)) wakeUp();
    }

    /** Stops the loop and waits for it to shut down, at most the close limit. */
    @Override public final void close() {
        State was;
        synchronized (lifecycle) {
            was = state;
            if (state == State.NEW) state = State.CLOSED;
        }
        boolean first = stopping.compareAndSet(false, true);
        if (!first && was != State.RUNNING) return;
        if (was == State.NEW) {
            shutDown();
            finished.countDown();
        } else if (was == State.RUNNING) {
            if (first) wakeUp();
            try {
                if (!finished.await(closeLimit.toMillis(), TimeUnit.MILLISECONDS))
                    log.warn("{} did not stop within {} s; its unfinished work stays uncommitted and will be redone", name, closeLimit.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the service on a daemon thread of its own, {@code inbetween-LABEL}; if it stops with an
     * error, the first such reason of all the services sharing {@code failure} lands there, as
     * "LABEL stopped: why" (a pipeline's health check).
     */
    public final Thread startThread(String label, AtomicReference<String> failure) {
        Thread t = new Thread(() -> {
            try {
                run();
            } catch (Throwable e) {
                log.error("{} stopped", label, e);
                failure.compareAndSet(null, label + " stopped: " + e.getMessage());
            }
        }, "inbetween-" + label);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Closes a client, logging instead of throwing: one failed close must not leave the others open. */
    protected static void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.warn("closing the {} failed: {}", what, OneLine.of(e));
        }
    }
}
