package io.inbetween.interpolator;

import io.inbetween.model.synthesis.BlendSynthesizer;
import io.inbetween.wire.FramePair;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.Slot;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.inbetween.interpolator.ServiceHarness.P0;
import static io.inbetween.interpolator.ServiceHarness.P1;
import static io.inbetween.interpolator.ServiceHarness.await;
import static io.inbetween.interpolator.ServiceHarness.record;
import static io.inbetween.interpolator.TestPairs.bytes;
import static io.inbetween.interpolator.TestPairs.deadLetters;
import static io.inbetween.interpolator.TestPairs.frame;
import static io.inbetween.interpolator.TestPairs.key;
import static io.inbetween.interpolator.TestPairs.outputs;
import static io.inbetween.interpolator.TestPairs.pair;
import static org.assertj.core.api.Assertions.assertThat;

class PoisonRecordTest {

    @Test
    void unreadableRecordsAreSetAsideAndTheFollowingPairIsStillDone() {
        byte[] garbage = "definitely not a frame pair".getBytes(StandardCharsets.UTF_8);
        byte[] mismatched = TestPairs.mismatchedSizes();
        FramePair good = pair("job-g", 3);
        try (ServiceHarness h = new ServiceHarness(new BlendSynthesizer(), 4, true, List.of()).start()) {
            h.deliver(record(P0, 0, "k0".getBytes(StandardCharsets.UTF_8), garbage));
            await("the garbage is committed past", () -> h.committed().equals(Map.of(P0, 1L)));
            h.deliverTogether(List.of(record(P0, 1, "k1".getBytes(StandardCharsets.UTF_8), mismatched),
                    record(P0, 2, "k2".getBytes(StandardCharsets.UTF_8), null),
                    record(P0, 3, key(good), bytes(good))));
            await("everything is committed", () -> h.committed().equals(Map.of(P0, 4L)));

            List<ProducerRecord<byte[], byte[]>> dead = deadLetters(h.producer.history());
            assertThat(dead).hasSize(3);
            assertThat(dead.get(0).key()).isEqualTo("k0".getBytes(StandardCharsets.UTF_8));
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(reason(dead.get(0))).isEqualTo("not an Inbetween frame pair: record type byte is 100");
            assertThat(dead.get(1).value()).isEqualTo(mismatched);
            assertThat(reason(dead.get(1))).startsWith("malformed frame pair: pair frames differ in size")
                    .contains("RgbFrame[4x2]").contains("RgbFrame[2x4]");
            assertThat(dead.get(2).value()).isNull();
            assertThat(reason(dead.get(2))).contains("tombstone");

            assertThat(outputs(h.producer.history())).extracting(OutputFrame::jobId).containsExactly("job-g", "job-g");
            assertThat(h.service.stats().poisonRecords()).isEqualTo(3);
            assertThat(h.service.stats().pairsDone()).isEqualTo(1);
            assertThat(h.running()).isTrue();
        }
    }

    @Test
    void aPoisonPairFailsItsJobAtOnceWithTheReason() {
        FramePair good = pair("job-ok", 0);
        try (ServiceHarness h = new ServiceHarness(new BlendSynthesizer(), 4, true, List.of(TestPairs.queued("job-p"), TestPairs.queued("job-ok"))).start()) {
            h.deliverTogether(List.of(record(P0, 0, "job-p/3".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8)),
                    record(P0, 1, "stranger/1".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8)),
                    record(P0, 2, key(good), bytes(good))));
            await("everything is committed", () -> h.committed().equals(Map.of(P0, 3L)));
            List<io.inbetween.wire.JobEvent> events = h.producer.history().stream().filter(r -> r.topic().equals(io.inbetween.wire.Topics.JOBS))
                    .map(r -> io.inbetween.wire.WireSerdes.readJob(r.topic(), r.value())).toList();
            assertThat(events).as("only the known job fails; a key naming no job fails none").singleElement().satisfies(e -> {
                assertThat(e.jobId()).isEqualTo("job-p");
                assertThat(e.state()).isEqualTo(io.inbetween.wire.JobState.FAILED);
                assertThat(e.error()).startsWith("a frame pair could not be used and was set aside on inbetween.dead-letters: ")
                        .contains("not an Inbetween frame pair").doesNotContain("\n");
            });
            assertThat(outputs(h.producer.history())).extracting(OutputFrame::jobId).containsExactly("job-ok", "job-ok");
        }
    }

    @Test
    void aPairTheSynthesizerRefusesIsSetAsideWithoutSinkingItsBatch() {
        ScriptedSynthesizer picky = ScriptedSynthesizer.refusingWidth(3);
        FramePair refused = new FramePair("job-r", 0, 0, 40_000, false, frame(3, 2, 1), frame(3, 2, 2),
                List.of(new Slot(1, 0.5)), 0, 9, 0);
        FramePair good = pair("job-h", 0);
        try (ServiceHarness h = new ServiceHarness(picky, 4, true, List.of()).start()) {
            h.deliverTogether(List.of(record(P1, 0, key(refused), bytes(refused)), record(P1, 1, key(good), bytes(good))));
            await("both are committed", () -> h.committed().equals(Map.of(P1, 2L)));

            List<ProducerRecord<byte[], byte[]>> dead = deadLetters(h.producer.history());
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo(bytes(refused));
            assertThat(reason(dead.get(0)))
                    .isEqualTo("synthesis failed for pair job-r/0: model cannot take frames 3 pixels wide");
            assertThat(outputs(h.producer.history())).extracting(OutputFrame::jobId).containsExactly("job-h", "job-h");
            // the batch call, then each pair alone
            assertThat(picky.calls()).extracting(List::size).containsExactly(2, 1, 1);
            assertThat(h.committed()).doesNotContainKey(P0);
        }
    }

    private static String reason(ProducerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(Topics.ERROR_HEADER);
        assertThat(header).as("the reason header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
