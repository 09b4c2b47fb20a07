package io.inbetween.wire;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTableTest {
    private static final TopicPartition JOBS = new TopicPartition(Topics.JOBS, 0);
    private static final VideoInfo INFO = new VideoInfo(320, 240, new Rational(25, 1), new Rational(50, 1), 2_000_000, 0, 0, "h264");

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private long offset;

    private static JobSpec spec(String id) {
        return new JobSpec(id, "/in/" + id + ".mp4", "/out/" + id + ".mkv", OutputRate.factor(2), Encoding.DEFAULT, 0, 7, 0.4);
    }

    private JobTable table(int endOffset) {
        consumer.updateBeginningOffsets(Map.of(JOBS, 0L));
        consumer.updateEndOffsets(Map.of(JOBS, (long) endOffset));
        return new JobTable(consumer);
    }

    private void add(String key, byte[] value) {
        consumer.addRecord(new ConsumerRecord<>(Topics.JOBS, 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    private void add(JobEvent event) { add(event.jobId(), WireSerdes.writeJob(Topics.JOBS, event)); }

    @Test
    void foldsEachJobsEventsSoThatNoWriterLosesAField() {
        JobEvent queued = JobEvent.queued(spec("a"));
        JobEvent running = queued.running(INFO).withTotal(50);
        try (JobTable table = table(0)) {
            add(queued);
            add(running.progress(20));
            add(queued.running(null).progress(10)); // a racing writer that knew less
            add(JobEvent.queued(spec("b")));
            List<JobTable.Change> changes = table.poll(Duration.ZERO);

            assertThat(changes).extracting(JobTable.Change::jobId).containsExactly("a", "a", "a", "b");
            assertThat(changes.get(0).before()).isNull();
            assertThat(changes.get(2).before().framesDone()).isEqualTo(20);
            JobEvent a = table.get("a");
            assertThat(a.state()).isEqualTo(JobState.RUNNING);
            assertThat(a.info()).isEqualTo(INFO);
            assertThat(a.totalFrames()).isEqualTo(50);
            assertThat(a.framesDone()).isEqualTo(20);
            assertThat(table.snapshot()).containsOnlyKeys("a", "b");
            assertThat(table.poll(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aTombstoneDeletesTheJob() {
        try (JobTable table = table(0)) {
            JobEvent done = JobEvent.queued(spec("a")).running(INFO).done();
            add(done);
            add("a", null);
            add("never-seen", null);
            List<JobTable.Change> changes = table.poll(Duration.ZERO);

            assertThat(changes).hasSize(2);
            assertThat(changes.get(1).before().state()).isEqualTo(JobState.DONE);
            assertThat(changes.get(1).after()).isNull();
            assertThat(changes.get(1).jobId()).isEqualTo("a");
            assertThat(table.get("a")).isNull();
            assertThat(table.snapshot()).isEmpty();
        }
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheOtherJobsStillRead() {
        try (JobTable table = table(0)) {
            add(JobEvent.queued(spec("a")));
            add("x", new byte[] {'F', 1, 0, 0}); // an output frame's header on the jobs topic
            add("y", new byte[] {'J', 1, 0});    // a truncated job event
            add(JobEvent.queued(spec("b")).cancelled());
            List<JobTable.Change> changes = table.poll(Duration.ZERO);

            assertThat(changes).extracting(JobTable.Change::jobId).containsExactly("a", "b");
            assertThat(table.snapshot()).containsOnlyKeys("a", "b");
            assertThat(table.get("b").state()).isEqualTo(JobState.CANCELLED);
        }
    }

    @Test
    void catchUpReadsToTheEndOfTheTopic() {
        try (JobTable table = table(3)) {
            consumer.schedulePollTask(() -> add(JobEvent.queued(spec("a"))));
            consumer.schedulePollTask(() -> {
                add(JobEvent.queued(spec("b")));
                add(JobEvent.queued(spec("c")).cancelled());
            });
            assertThat(table.catchUp(Duration.ofSeconds(30), "mock")).isTrue();
            assertThat(table.snapshot()).containsOnlyKeys("a", "b", "c");
            assertThat(consumer.position(JOBS)).isEqualTo(3);
        }
    }

    @Test
    void catchUpGivesUpOnTheRestWhenTheLimitRunsOut() {
        try (JobTable table = table(5)) { // records 2..4 never arrive
            consumer.schedulePollTask(() -> {
                add(JobEvent.queued(spec("a")));
                add(JobEvent.queued(spec("b")));
            });
            assertThat(table.catchUp(Duration.ofMillis(500), "mock")).isFalse();
            assertThat(table.snapshot()).containsOnlyKeys("a", "b");
        }
    }

    @Test
    void forgetDropsAJobUntilItsNextEvent() {
        try (JobTable table = table(0)) {
            add(JobEvent.queued(spec("a")));
            table.poll(Duration.ZERO);
            table.forget("a");
            assertThat(table.get("a")).isNull();
            add(JobEvent.queued(spec("a")).cancelled());
            table.poll(Duration.ZERO);
            assertThat(table.get("a").state()).isEqualTo(JobState.CANCELLED);
        }
    }

    @Test
    void anUnreachableBrokerFailsTheCatchUpWithOneLine() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) { port = socket.getLocalPort(); } // closed again: nobody listens
        String servers = "127.0.0.1:" + port;
        try (JobTable table = JobTable.open(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            assertThatThrownBy(() -> table.catchUp(Duration.ofSeconds(2), servers))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot read topic inbetween.jobs from Kafka at " + servers + " within 2 s")
                    .hasMessageNotContaining("\n");
        }
    }
}
