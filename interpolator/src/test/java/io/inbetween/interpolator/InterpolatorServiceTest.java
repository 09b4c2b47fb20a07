package io.inbetween.interpolator;

import io.inbetween.model.synthesis.BlendSynthesizer;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.FramePair;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.Slot;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.inbetween.interpolator.ServiceHarness.P0;
import static io.inbetween.interpolator.ServiceHarness.P1;
import static io.inbetween.interpolator.ServiceHarness.await;
import static io.inbetween.interpolator.ServiceHarness.record;
import static io.inbetween.interpolator.TestPairs.bytes;
import static io.inbetween.interpolator.TestPairs.key;
import static io.inbetween.interpolator.TestPairs.outputs;
import static io.inbetween.interpolator.TestPairs.pair;
import static io.inbetween.interpolator.TestPairs.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterpolatorServiceTest {

    @Test
    void commitsOnlyAfterEveryOutputIsAcknowledged() {
        FramePair pair = pair("job-a", 7);
        // a prefetch of one pair: full while it is in flight, so the partitions pause
        try (ServiceHarness h = new ServiceHarness(new BlendSynthesizer(), 4, 1, false, List.of()).start()) {
            h.deliver(record(P0, 0, key(pair), bytes(pair)));
            await("both frames are sent", () -> h.producer.history().size() == 2);

            h.awaitPolls(5); // the loop goes on polling while the acknowledgements are held back
            assertThat(h.pairs.commits()).isEmpty();
            assertThat(h.pairs.paused()).containsExactlyInAnyOrder(P0, P1);

            assertThat(h.producer.completeNext()).isTrue();
            h.awaitPolls(5);
            assertThat(h.pairs.commits()).as("one of two outputs acknowledged").isEmpty();

            h.completeAll();
            await("the pair is committed", () -> !h.pairs.commits().isEmpty());
            assertThat(h.pairs.commits()).containsExactly(Map.of(P0, 1L));
            await("the partitions are resumed", () -> h.pairs.paused().isEmpty());

            List<ProducerRecord<byte[], byte[]>> sent = h.producer.history();
            assertThat(sent).allSatisfy(r -> {
                assertThat(r.topic()).isEqualTo(Topics.FRAMES);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("job-a");
            });
            List<OutputFrame> frames = outputs(sent);
            assertThat(frames).extracting(OutputFrame::index).containsExactly(22L, 23L);
            for (int i = 0; i < 2; i++) {
                Slot slot = pair.slots().get(i);
                OutputFrame out = frames.get(i);
                assertThat(out.origin()).isEqualTo(FrameOrigin.SYNTHESIZED);
                assertThat(out.tau()).isEqualTo(slot.tau());
                assertThat(out.publishedAtMillis()).isEqualTo(pair.publishedAtMillis());
                assertThat(out.frame().rgb()).isEqualTo(BlendSynthesizer.blend(pair.frame0(), pair.frame1(), slot.tau()).rgb());
            }
        }
    }

    @Test
    void aRefusedAcknowledgementStopsTheReplicaAndCommitsNothing() {
        FramePair pair = pair("job-b", 0);
        ServiceHarness h = new ServiceHarness(new BlendSynthesizer(), 4, false, List.of()).start();
        h.deliver(record(P0, 0, key(pair), bytes(pair)));
        await("both frames are sent", () -> h.producer.history().size() == 2);
        h.producer.completeNext();
        h.producer.errorNext(new org.apache.kafka.common.errors.NotEnoughReplicasException("not enough in-sync replicas"));
        h.join();

        assertThat(h.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka did not acknowledge an output record: not enough in-sync replicas");
        assertThat(h.pairs.commits()).isEmpty();
        assertThat(h.pairs.closed()).isTrue();
        assertThat(h.producer.closed()).isTrue();
    }

    @Test
    void slowSynthesisKeepsThePollLoopGoingWithThePartitionsPausedOnceThePrefetchIsFull() {
        ScriptedSynthesizer slow = ScriptedSynthesizer.gated();
        FramePair a = pair("job-s", 0), b = pair("job-s", 1), c = pair("job-s", 2);
        try (ServiceHarness h = new ServiceHarness(slow, 4, 2, true, List.of()).start()) {
            h.deliverTogether(List.of(record(P0, 0, key(a), bytes(a)), record(P1, 0, key(b), bytes(b))));
            slow.awaitEntered();

            h.awaitPolls(10);
            assertThat(h.pairs.paused()).containsExactlyInAnyOrder(P0, P1);
            assertThat(h.service.stats().currentBatchSize()).isEqualTo(2);
            h.deliver(record(P0, 1, key(c), bytes(c))); // fetched data of a paused partition is held back
            h.awaitPolls(10);
            assertThat(slow.calls()).hasSize(1);
            assertThat(h.pairs.commits()).isEmpty();

            slow.release();
            await("all three pairs are committed", () -> h.committed().equals(Map.of(P0, 2L, P1, 1L)));
            assertThat(h.pairs.commits().get(0)).isEqualTo(Map.of(P0, 1L, P1, 1L));
            assertThat(slow.calls()).extracting(List::size).containsExactly(2, 1);
            await("the partitions are resumed", () -> h.pairs.paused().isEmpty());

            InterpolatorStats stats = h.service.stats();
            assertThat(stats.pairsDone()).isEqualTo(3);
            assertThat(stats.framesDone()).isEqualTo(6);
            assertThat(stats.currentBatchSize()).isZero();
            assertThat(stats.maxBatchSize()).isEqualTo(4);
            assertThat(stats.synthesisSeconds()).isPositive();
            assertThat(stats.busyRatio()).isGreaterThan(0).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theOldestPairsAcrossPartitionsGoFirstAndEachPartitionIsCommittedOnlyUpToItsOldestPairNotDone() {
        // one video over two partitions, as the decoder spreads it: even pairs on P0, odd ones on P1
        ScriptedSynthesizer synthesizer = ScriptedSynthesizer.recording();
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int seq = 0; seq < 6; seq++) {
            FramePair p = pair("job-o", seq);
            records.add(record(seq % 2 == 0 ? P0 : P1, seq / 2, key(p), bytes(p)));
        }
        records.sort(java.util.Comparator.comparing(ConsumerRecord::partition)); // what a fetch gives: P0's backlog, then P1's
        try (ServiceHarness h = new ServiceHarness(synthesizer, 2, true, List.of()).start()) {
            h.deliverTogether(records);
            await("all six pairs are committed", () -> h.committed().equals(Map.of(P0, 3L, P1, 3L)));
            // presentation order: each batch holds the two oldest pairs, whichever partition they came from
            assertThat(synthesizer.calls()).extracting(call -> call.stream().map(r -> (r.seeds()[0] - 501) / 3).toList())
                    .containsExactly(List.of(0L, 1L), List.of(2L, 3L), List.of(4L, 5L));
            assertThat(outputs(h.producer.history())).extracting(OutputFrame::index)
                    .containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L, 13L, 14L, 16L, 17L);
            assertThat(h.pairs.commits()).containsExactly(Map.of(P0, 1L, P1, 1L), Map.of(P0, 2L, P1, 2L), Map.of(P0, 3L, P1, 3L));
        }
    }

    @Test
    void theOriginalAPairCarriesGoesOutJustBeforeTheFramesAfterIt() {
        FramePair plain = pair("job-g", 3);
        FramePair carrying = new FramePair(plain.jobId(), plain.seq(), plain.pts0Micros(), plain.pts1Micros(), false, plain.frame0(),
                plain.frame1(), plain.slots(), plain.steps(), plain.seed(), plain.publishedAtMillis(), 9);
        try (ServiceHarness h = new ServiceHarness(new BlendSynthesizer(), 4, true, List.of()).start()) {
            h.deliver(record(P0, 0, key(carrying), bytes(carrying)));
            await("the pair is committed", () -> h.committed().equals(Map.of(P0, 1L)));
            List<OutputFrame> frames = outputs(h.producer.history());
            assertThat(frames).extracting(OutputFrame::index).containsExactly(9L, 10L, 11L);
            assertThat(frames.get(0).origin()).isEqualTo(FrameOrigin.ORIGINAL);
            assertThat(frames.get(0).frame().rgb()).isEqualTo(carrying.frame0().rgb());
            assertThat(h.service.stats().framesDone()).as("originals are not synthesized frames").isEqualTo(2);
        }
    }

    @Test
    void aRevokedPartitionIsCommittedNoFurtherThanAPairStillWaitingThere() {
        // the oldest-first order takes offset 1 (job "a") before offset 0 (job "z"): the commit on revocation must stay at 0
        ScriptedSynthesizer slow = ScriptedSynthesizer.gated();
        FramePair later = pair("z", 0), first = pair("a", 0);
        try (ServiceHarness h = new ServiceHarness(slow, 1, 2, true, List.of()).start()) {
            h.deliverTogether(List.of(record(P0, 0, key(later), bytes(later)), record(P0, 1, key(first), bytes(first))));
            slow.awaitEntered();
            java.util.concurrent.CountDownLatch revoking = new java.util.concurrent.CountDownLatch(1);
            h.pairs.schedulePollTask(() -> {
                revoking.countDown();
                h.pairs.rebalance(List.of(P1));
            });
            await("the rebalance starts", () -> revoking.getCount() == 0);
            slow.release();
            await("the revoked partition is committed", () -> !h.pairs.commits().isEmpty());
            assertThat(h.pairs.commits().get(0)).isEqualTo(Map.of(P0, 0L));
        }
    }

    @Test
    void sceneCutSlotsGetTheNearestOriginalWithoutSynthesis() {
        ScriptedSynthesizer synthesizer = ScriptedSynthesizer.recording();
        FramePair cut = pair("job-c", 4, List.of(new Slot(10, 0.25), new Slot(11, 0.5), new Slot(12, 0.75)), true);
        try (ServiceHarness h = new ServiceHarness(synthesizer, 4, true, List.of()).start()) {
            h.deliver(record(P1, 0, key(cut), bytes(cut)));
            await("the cut is committed", () -> h.committed().equals(Map.of(P1, 1L)));

            List<OutputFrame> frames = outputs(h.producer.history());
            assertThat(frames).extracting(OutputFrame::index).containsExactly(10L, 11L, 12L);
            assertThat(frames).allSatisfy(f -> assertThat(f.origin()).isEqualTo(FrameOrigin.NEAREST));
            assertThat(frames).extracting(OutputFrame::tau).containsExactly(0.25, 0.5, 0.75);
            assertThat(frames.get(0).frame().rgb()).isEqualTo(cut.frame0().rgb());
            assertThat(frames.get(1).frame().rgb()).isEqualTo(cut.frame1().rgb());
            assertThat(frames.get(2).frame().rgb()).isEqualTo(cut.frame1().rgb());
            assertThat(synthesizer.calls()).isEmpty();
        }
    }

    @Test
    void eachSlotSamplesWithTheJobSeedPlusItsOutputIndexWhateverTheBatching() {
        ScriptedSynthesizer synthesizer = ScriptedSynthesizer.recording();
        FramePair a = pair("job-d", 0, List.of(new Slot(1, 0.2), new Slot(2, 0.4), new Slot(3, 0.6)), false);
        FramePair b = pair("job-d", 1, List.of(new Slot(4, 0.5)), false);
        FramePair c = pair("job-d", 2, List.of(new Slot(6, 0.1), new Slot(7, 0.9)), false);
        try (ServiceHarness h = new ServiceHarness(synthesizer, 2, true, List.of()).start()) {
            h.deliverTogether(List.of(record(P0, 0, key(a), bytes(a)), record(P0, 1, key(b), bytes(b)),
                    record(P1, 0, key(c), bytes(c))));
            await("all pairs are committed", () -> h.committed().equals(Map.of(P0, 2L, P1, 1L)));

            // batch size 2: one call with the first two pairs, one with the third
            assertThat(synthesizer.calls()).extracting(List::size).containsExactly(2, 1);
            SynthesisRequest ra = synthesizer.calls().get(0).get(0), rb = synthesizer.calls().get(0).get(1);
            SynthesisRequest rc = synthesizer.calls().get(1).get(0);
            assertThat(ra.taus()).containsExactly(0.2, 0.4, 0.6);
            assertThat(ra.seeds()).containsExactly(501L, 502L, 503L);
            assertThat(rb.seeds()).containsExactly(504L);
            assertThat(rc.taus()).containsExactly(0.1, 0.9);
            assertThat(rc.seeds()).containsExactly(506L, 507L);
            assertThat(List.of(ra, rb, rc)).allSatisfy(r -> assertThat(r.steps()).isEqualTo(3));
            assertThat(ra.frame0().rgb()).isEqualTo(a.frame0().rgb());
            assertThat(ra.frame1().rgb()).isEqualTo(a.frame1().rgb());
            assertThat(h.pairs.commits()).containsExactly(Map.of(P0, 2L), Map.of(P1, 1L));

            assertThat(outputs(h.producer.history())).extracting(OutputFrame::index)
                    .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 6L, 7L);
        }
    }

    @Test
    void pairsOfCancelledAndFailedJobsAreCommittedWithoutWork() {
        ScriptedSynthesizer synthesizer = ScriptedSynthesizer.recording();
        FramePair cancelled = pair("gone", 0), failed = pair("broken", 0), alive = pair("alive", 0), late = pair("late", 0);
        try (ServiceHarness h = new ServiceHarness(synthesizer, 4, true, List.of(
                queued("gone"), queued("broken"), queued("alive"), queued("late"),
                queued("gone").cancelled(), queued("broken").failed("decoder: cannot open input"))).start()) {
            h.deliverTogether(List.of(record(P0, 0, key(cancelled), bytes(cancelled)), record(P0, 1, key(failed), bytes(failed)),
                    record(P1, 0, key(alive), bytes(alive))));
            await("the three pairs are committed", () -> h.committed().equals(Map.of(P0, 2L, P1, 1L)));
            assertThat(outputs(h.producer.history())).extracting(OutputFrame::jobId).containsOnly("alive").hasSize(2);

            // a cancellation that arrives while the replica runs applies to later pairs
            h.addJobEvent(queued("late").cancelled());
            await("the cancellation is read", () -> h.jobsRead() == 7);
            h.deliver(record(P1, 1, key(late), bytes(late)));
            await("the late pair is committed", () -> h.committed().get(P1) == 2L);

            assertThat(outputs(h.producer.history())).extracting(OutputFrame::jobId).containsOnly("alive");
            assertThat(synthesizer.calls()).hasSize(1);
            assertThat(h.service.stats().skippedPairs()).isEqualTo(3);
            assertThat(h.service.stats().pairsDone()).isEqualTo(1);
        }
    }

    @Test
    void closeFinishesAndCommitsTheBatchInFlight() {
        ScriptedSynthesizer slow = ScriptedSynthesizer.gated();
        FramePair pair = pair("job-e", 0);
        ServiceHarness h = new ServiceHarness(slow, 4, true, List.of()).start();
        h.deliver(record(P0, 0, key(pair), bytes(pair)));
        slow.awaitEntered();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(h.service::close);
        h.awaitPolls(3); // woken up, the loop still keeps its membership while the batch runs
        assertThat(closing).isNotDone();
        assertThat(h.pairs.commits()).isEmpty();

        slow.release();
        closing.join();
        h.join(); // close() returned once the loop had finished its work
        assertThat(h.failure()).isNull();
        assertThat(h.pairs.commits()).containsExactly(Map.of(P0, 1L));
        assertThat(outputs(h.producer.history())).hasSize(2);
        assertThat(h.pairs.closed()).isTrue();
        assertThat(h.jobs.closed()).isTrue();
        assertThat(h.producer.closed()).isTrue();
    }

    @Test
    void aRevokedPartitionIsFinishedAndCommittedBeforeItIsHandedOver() {
        ScriptedSynthesizer slow = ScriptedSynthesizer.gated();
        FramePair pair = pair("job-f", 0), other = pair("job-f", 1);
        try (ServiceHarness h = new ServiceHarness(slow, 4, true, List.of()).start()) {
            h.deliver(record(P0, 0, key(pair), bytes(pair)));
            slow.awaitEntered();
            java.util.concurrent.CountDownLatch revoking = new java.util.concurrent.CountDownLatch(1);
            h.pairs.schedulePollTask(() -> {
                revoking.countDown();
                h.pairs.rebalance(List.of(P1)); // runs the listener on the poll thread, as Kafka does
            });
            await("the rebalance starts", () -> revoking.getCount() == 0);
            slow.release();

            await("the revoked partition is committed", () -> h.committed().equals(Map.of(P0, 1L)));
            await("only P1 remains", () -> h.pairs.assignment().equals(java.util.Set.of(P1)));
            h.deliver(record(P1, 0, key(other), bytes(other)));
            await("P1's pair is committed", () -> h.committed().get(P1) != null);
            assertThat(h.pairs.commits()).containsExactly(Map.of(P0, 1L), Map.of(P1, 1L));
        }
    }

    @Test
    void anUnreachableBrokerFailsTheStartWithAClearMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) { port = socket.getLocalPort(); } // now closed: nobody listens
        String servers = "127.0.0.1:" + port;
        InterpolatorClients clients = InterpolatorClients.open(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers), 4);
        InterpolatorService service = new InterpolatorService(clients, new BlendSynthesizer(), 4, 8, Duration.ofSeconds(2));
        assertThatThrownBy(service::run).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot read topic inbetween.jobs from Kafka at " + servers + " within 2 s")
                .hasMessageNotContaining("\n");
        service.close();
    }

    @Test
    void theClientsAreSetUpForAtLeastOnceWithoutAutoCommit() {
        Map<String, Object> common = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
        Map<String, Object> consumer = InterpolatorClients.pairsConsumer(common, 3);
        assertThat(consumer).containsEntry("group.id", "inbetween-interpolator").containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest").containsEntry("max.poll.records", FlowLimits.MAX_PREFETCH_PAIRS)
                // about one record batch of each partition per fetch; a whole fetch may still carry the largest record
                .containsEntry("max.partition.fetch.bytes", FlowLimits.PAIR_FETCH_BYTES_PER_PARTITION)
                .containsEntry("fetch.max.bytes", io.inbetween.wire.KafkaLimits.FETCH_BYTES)
                .containsEntry("bootstrap.servers", "broker:9092");
        Map<String, Object> producer = KafkaClientSettings.producer(common); // what InterpolatorClients.open gives its producer
        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("max.request.size", io.inbetween.wire.KafkaLimits.MAX_RECORD_BYTES)
                .containsEntry("compression.type", "none"); // frames are compressed per record
        assertThat(KafkaClientSettings.jobsReader(Map.of("bootstrap.servers", "b:1", "group.id", "x")))
                .doesNotContainKey("group.id").containsEntry("enable.auto.commit", false);
        assertThatThrownBy(() -> new InterpolatorService(common, new BlendSynthesizer(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be 1 or more, got 0");
    }
}
