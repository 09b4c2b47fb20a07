package io.inbetween.decoder;

import io.inbetween.testing.TestMedia;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Topics;
import io.inbetween.wire.VideoInfo;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** DecoderService against MockConsumer/MockProducer: which jobs it takes, cancellation, commits. */
@Timeout(180)
class DecoderServiceTest {
    private static final TopicPartition JOBS = new TopicPartition(Topics.JOBS, 0);

    /** A MockConsumer that waits a little when it has nothing, like a real poll, instead of spinning. */
    private static final class PacedConsumer extends MockConsumer<String, byte[]> {
        PacedConsumer() { super("earliest"); }

        @Override public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            ConsumerRecords<String, byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }
    }

    private PacedConsumer consumer;
    private MockProducer<String, byte[]> producer;
    private DecoderService service;
    private Thread thread;
    private long nextOffset;

    @BeforeEach
    void start() {
        consumer = new PacedConsumer();
        producer = Published.producer();
        service = new DecoderService(consumer, producer, Duration.ofSeconds(5));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(JOBS));
            consumer.updateBeginningOffsets(Map.of(JOBS, 0L));
        });
        thread = new Thread(service, "decoder-service");
    }

    @AfterEach
    void stop() throws InterruptedException {
        service.close();
        thread.join(30_000);
        assertThat(thread.isAlive()).as("service thread stopped").isFalse();
        assertThat(consumer.closed()).isTrue();
        assertThat(producer.closed()).isTrue();
    }

    private static JobSpec spec(String jobId, Path input) {
        return new JobSpec(jobId, input.toString(), "/tmp/" + jobId + ".mp4", OutputRate.factor(2), Encoding.DEFAULT, 0, 3,
                JobSpec.DEFAULT_SCENE_THRESHOLD);
    }

    /** Appends an event to the mocked jobs topic (from the poll thread, as the broker would deliver it). */
    private void publish(JobEvent event) {
        long offset = nextOffset++;
        byte[] value = event == null ? null : WireSerdes.writeJob(Topics.JOBS, event);
        String key = event == null ? "deleted" : event.jobId();
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(Topics.JOBS, 0, offset, key, value)));
    }

    private void publishRaw(String key, byte[] value) {
        long offset = nextOffset++;
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(Topics.JOBS, 0, offset, key, value)));
    }

    private List<JobEvent> eventsSent() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.JOBS))
                .map(r -> WireSerdes.readJob(r.topic(), r.value())).toList();
    }

    private void await(String what, Predicate<List<JobEvent>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.test(eventsSent())) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private long committed() throws InterruptedException {
        // commits happen on the service thread; read them once it has had a few polls
        Thread.sleep(300);
        OffsetAndMetadata offset = consumer.committed(Set.of(JOBS)).get(JOBS);
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void consumesTheJobsAsTheDecoderGroupWithManualCommits() {
        Map<String, Object> config = DecoderService.consumerConfig(Map.of("bootstrap.servers", "broker:9092"));
        assertThat(config)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, ConfigKeys.DECODER_GROUP)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry("bootstrap.servers", "broker:9092");
        assertThat(DecoderService.consumerConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "decoders-b")))
                .as("the command's --kafka settings win").containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "decoders-b");
    }

    @Test
    void decodesAQueuedJobAndCommitsOnceItIsPublished() throws InterruptedException {
        publish(JobEvent.queued(spec("a", TestMedia.video("mecavideo-Force_constante.avi"))));
        thread.start();
        await("job a's total", events -> events.stream().anyMatch(e -> e.jobId().equals("a") && e.totalFrames() == 52));
        assertThat(committed()).isEqualTo(1);
        Published out = Published.from(producer);
        assertThat(out.frames().get(out.frames().size() - 1).isEndOfStream()).isTrue();
        assertThat(out.pairs()).hasSize(25);
    }

    @Test
    void skipsJobsThatAreStartedOrOverAndTakesTheRest() throws InterruptedException {
        Path clip = TestMedia.video("mecavideo-g1.avi");
        VideoInfo info = VideoProbe.probe(clip.toString(), OutputRate.factor(2));
        publish(JobEvent.queued(spec("done", clip)));
        publish(JobEvent.queued(spec("done", clip)).running(info).withTotal(32).done());
        publish(JobEvent.queued(spec("decoded", clip)).running(info).withTotal(32)); // decoded, encoder still busy
        publish(JobEvent.queued(spec("cancelled", clip)).cancelled());
        publish(JobEvent.queued(spec("fresh", clip)));
        thread.start();
        await("job fresh's total", events -> events.stream().anyMatch(e -> e.jobId().equals("fresh") && e.totalFrames() == 32));
        assertThat(eventsSent()).extracting(JobEvent::jobId).containsOnly("fresh");
        assertThat(committed()).isEqualTo(5);
    }

    @Test
    void redoesAJobAPreviousDecoderLeftRunning() throws InterruptedException {
        Path clip = TestMedia.video("mecavideo-g2.avi");
        VideoInfo info = VideoProbe.probe(clip.toString(), OutputRate.factor(2));
        publish(JobEvent.queued(spec("orphan", clip)));
        publish(JobEvent.queued(spec("orphan", clip)).running(info)); // no total: its decoder died mid-way
        thread.start();
        await("job orphan's total", events -> events.stream().anyMatch(e -> e.totalFrames() == 32));
    }

    @Test
    void aCancelledEventStopsTheRunningJob() throws InterruptedException {
        JobSpec spec = spec("long", TestMedia.video("mecavideo-balle-jbart.mp4"));
        publish(JobEvent.queued(spec));
        thread.start();
        await("job long running", events -> !events.isEmpty());
        publish(JobEvent.queued(spec).cancelled());
        Thread.sleep(1500);
        int sent = producer.history().size();
        Thread.sleep(1000);
        assertThat(producer.history()).as("nothing more published once cancelled").hasSize(sent);
        Published out = Published.from(producer);
        assertThat(out.frames()).noneSatisfy(f -> assertThat(f.isEndOfStream()).isTrue());
        assertThat(out.pairs().size()).as("stopped well before the 254 pairs").isLessThan(200);
        assertThat(eventsSent()).extracting(JobEvent::state).containsExactly(JobState.RUNNING);
        assertThat(committed()).isEqualTo(2);
    }

    @Test
    void aBadInputFailsItsJobAndTheServiceGoesOn() throws InterruptedException {
        publish(JobEvent.queued(spec("missing", Path.of("/no/such/clip.mp4"))));
        publish(JobEvent.queued(spec("good", TestMedia.video("mecavideo-g1.avi"))));
        thread.start();
        await("job good's total", events -> events.stream().anyMatch(e -> e.jobId().equals("good") && e.totalFrames() == 32));
        assertThat(eventsSent()).filteredOn(e -> e.jobId().equals("missing")).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(JobState.FAILED);
            assertThat(e.error()).isEqualTo("input not found: /no/such/clip.mp4");
        });
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetters() throws InterruptedException {
        publishRaw("junk", "not a job event".getBytes(StandardCharsets.UTF_8));
        publish(JobEvent.queued(spec("after", TestMedia.video("mecavideo-g1.avi"))));
        thread.start();
        await("job after's total", events -> events.stream().anyMatch(e -> e.totalFrames() == 32));
        ProducerRecord<String, byte[]> letter = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.DEAD_LETTERS)).findFirst().orElseThrow();
        assertThat(letter.key()).isEqualTo("junk");
        assertThat(new String(letter.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("not an Inbetween job event: record type byte is 110");
        // where it came from travels with it, so that it can be found and replayed
        assertThat(new String(letter.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo(Topics.JOBS);
        assertThat(new String(letter.headers().lastHeader(DeadLetters.SOURCE_PARTITION).value(), StandardCharsets.UTF_8)).isEqualTo("0");
        assertThat(new String(letter.headers().lastHeader(DeadLetters.SOURCE_OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("0");
    }
}
