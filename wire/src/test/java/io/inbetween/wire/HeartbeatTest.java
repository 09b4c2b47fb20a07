package io.inbetween.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatTest {
    @Test void aRunningLoopKeepsItsFileFreshAndAStoppedOneLetsItAge(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alive");
        CountDownLatch turned = new CountDownLatch(3);
        ServiceLoop loop = new ServiceLoop("test", Duration.ofSeconds(5)) {
            @Override protected void step() {
                turned.countDown();
                try { Thread.sleep(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }
            @Override protected void wakeUp() {}
            @Override protected void shutDown() {}
            @Override public KafkaClients kafkaClients() { return KafkaClients.of(); }
        };
        loop.beatInto(Heartbeat.to(file));
        loop.startThread("test", new AtomicReference<>());
        assertThat(turned.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(file).exists();
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 120_000)); // as if it had stalled
        Thread.sleep(Heartbeat.EVERY.toMillis() + 500);
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("touched again by the turning loop")
                .isGreaterThan(System.currentTimeMillis() - Heartbeat.EVERY.toMillis() - 2000);
        loop.close();
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        Thread.sleep(Heartbeat.EVERY.toMillis() + 500);
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("a stopped loop beats no more").isLessThan(System.currentTimeMillis() - 100_000);
    }
}
