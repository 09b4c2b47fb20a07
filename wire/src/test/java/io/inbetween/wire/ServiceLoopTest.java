package io.inbetween.wire;

import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceLoopTest {
    /** Steps until woken, the way a consumer blocked in poll is. */
    private static final class Counting extends ServiceLoop {
        final AtomicInteger steps = new AtomicInteger(), shutDowns = new AtomicInteger();
        final CountDownLatch stepped = new CountDownLatch(3);
        volatile boolean woken;

        Counting() { super("counting", Duration.ofSeconds(10)); }

        @Override protected void step() {
            steps.incrementAndGet();
            stepped.countDown();
            if (woken) throw new WakeupException();
        }

        @Override protected void wakeUp() { woken = true; }

        @Override protected void shutDown() { shutDowns.incrementAndGet(); }

        @Override public KafkaClients kafkaClients() { return KafkaClients.of(); }
    }

    @Test
    void runsUntilClosedThenShutsDownOnceAndRunsOnlyOnce() throws Exception {
        Counting service = new Counting();
        Thread thread = new Thread(service);
        thread.start();
        assertThat(service.stepped.await(10, TimeUnit.SECONDS)).isTrue();
        service.close();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(service.shutDowns.get()).isEqualTo(1);
        service.close(); // again: nothing happens
        assertThat(service.shutDowns.get()).isEqualTo(1);
        assertThatThrownBy(service::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
    }

    @Test
    void closingAServiceThatNeverRanShutsItDown() {
        Counting service = new Counting();
        service.close();
        assertThat(service.shutDowns.get()).isEqualTo(1);
        assertThat(service.steps.get()).isZero();
    }

    @Test
    void aWakeUpWithoutAStopIsAFailureAndStillShutsDown() {
        Counting service = new Counting();
        service.woken = true;
        assertThatThrownBy(service::run).isInstanceOf(IllegalStateException.class).hasMessage("counting woken up without a stop request");
        assertThat(service.shutDowns.get()).isEqualTo(1);
    }
}
