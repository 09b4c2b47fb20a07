package io.inbetween.streamapp.reorder;

import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reorderer as it runs: Kafka Streams with its real configuration (exactly-once, large
 * records, changelogged buffer) on the embedded broker, fed with full-size frames.
 */
class ReorderOnBrokerTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir Path dir;
    private EmbeddedBroker broker;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<String, byte[]> ordered;

    @BeforeEach void start() {
        broker = EmbeddedBroker.start(null);
        Topics.ensure(broker.bootstrapServers());
        producer = new KafkaProducer<>(KafkaClientSettings.producer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())));
        Map<String, Object> c = new HashMap<>(KafkaLimits.consumer());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ordered = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        ordered.subscribe(List.of(Topics.ORDERED, Topics.DEAD_LETTERS));
    }

    @AfterEach void stop() {
        ordered.close();
        producer.close();
        broker.close();
    }

    @Test
    void ordersFullSizeFramesOfInterleavedJobsAndKeepsItsBufferAcrossARestart() throws Exception {
        // 720x576 RGB frames (1.2 MB each): buffered frames cross the changelog at full size
        Map<String, Integer> totals = new LinkedHashMap<>(Map.of("clip-one", 30, "clip-two", 24));
        Random random = new Random(3);
        List<OutputFrame> input = new ArrayList<>();
        totals.forEach((job, total) -> {
            for (long i = 0; i <= total; i++) {
                input.add(frame(job, i, total, random));
                if (i % 5 == 2) input.add(frame(job, i, total, random)); // a retried frame
            }
        });
        Collections.shuffle(input, random);
        int half = input.size() / 2;

        List<OutputFrame> out = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaStreams first = startStreams(dir.resolve("state-1"))) {
            input.subList(0, half).forEach(this::send);
            producer.send(new ProducerRecord<>(Topics.FRAMES, "clip-one".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3})).get();
            readUntil(out, dead, () -> !dead.isEmpty());
            first.close(Duration.ofSeconds(30));
        }
        // A new instance with an empty state folder: the buffered frames come back from the changelog.
        try (KafkaStreams second = startStreams(dir.resolve("state-2"))) {
            input.subList(half, input.size()).forEach(this::send);
            readUntil(out, dead, () -> out.stream().filter(OutputFrame::isEndOfStream).count() == totals.size());
            second.close(Duration.ofSeconds(30));
        }

        totals.forEach((job, total) -> {
            List<OutputFrame> frames = out.stream().filter(f -> f.jobId().equals(job)).toList();
            assertThat(frames).extracting(OutputFrame::index).as(job)
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, total).boxed().toList());
            assertThat(frames.get(total).isEndOfStream()).isTrue();
            frames.subList(0, total).forEach(f -> assertThat(f.frame().rgb()[0]).isEqualTo((byte) f.index()));
        });
        assertThat(dead).singleElement().satisfies(r ->
                assertThat(new String(r.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                        .startsWith("not an Inbetween output frame"));
    }

    private KafkaStreams startStreams(Path stateDir) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(ReorderTopology.build(), ReorderTopology.config(broker.bootstrapServers(), stateDir));
        streams.start();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
            if (System.nanoTime() > deadline) throw new AssertionError("the reorderer did not start within " + LIMIT.toSeconds() + " s");
            Thread.sleep(100);
        }
        return streams;
    }

    private void readUntil(List<OutputFrame> out, List<ConsumerRecord<String, byte[]>> dead, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up after " + LIMIT.toSeconds() + " s with " + out.size() + " frames out");
            for (ConsumerRecord<String, byte[]> r : ordered.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(Topics.DEAD_LETTERS)) dead.add(r);
                else out.add(WireSerdes.readFrame(r.topic(), r.value()));
            }
        }
    }

    private void send(OutputFrame f) {
        try {
            producer.send(new ProducerRecord<>(Topics.FRAMES, f.jobId().getBytes(StandardCharsets.UTF_8),
                    WireSerdes.writeFrame(Topics.FRAMES, f))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputFrame frame(String job, long index, long total, Random random) {
        if (index == total) return OutputFrame.endOfStream(job, total);
        byte[] rgb = new byte[720 * 576 * 3];
        random.nextBytes(rgb);
        rgb[0] = (byte) index;
        return new OutputFrame(job, index, FrameOrigin.SYNTHESIZED, 0.5, new RgbFrame(720, 576, rgb), System.currentTimeMillis());
    }
}
