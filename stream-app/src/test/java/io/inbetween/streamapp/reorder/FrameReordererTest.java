package io.inbetween.streamapp.reorder;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inbetween.wire.OutputFrame;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.inbetween.streamapp.reorder.TestFrames.end;
import static io.inbetween.streamapp.reorder.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

class FrameReordererTest {
    private static final long T0 = 1_700_000_000_000L;

    private MockProcessorContext<String, OutputFrame> context;
    private FrameReorderer reorderer;
    private KeyValueStore<Bytes, OutputFrame> early;
    private KeyValueStore<String, JobPosition> positions;
    private KeyValueStore<String, String> jobStates;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @TempDir Path stateDir;

    @BeforeEach void setUp() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(T0);
        // The mock has no cache and no changelog: plain stores behind the same serdes.
        positions = FrameReorderer.positionsStore().withCachingDisabled().withLoggingDisabled().build();
        early = FrameReorderer.earlyFramesStore().withCachingDisabled().withLoggingDisabled().build();
        jobStates = JobStateTracker.store().build();
        positions.init(context.getStateStoreContext(), positions);
        early.init(context.getStateStoreContext(), early);
        jobStates.init(context.getStateStoreContext(), jobStates);
        reorderer = new FrameReorderer();
        reorderer.init(context);
        logs.start();
        ((Logger) LoggerFactory.getLogger(FrameReorderer.class)).addAppender(logs);
    }

    @AfterEach void tearDown() {
        ((Logger) LoggerFactory.getLogger(FrameReorderer.class)).detachAppender(logs);
        positions.close();
        early.close();
        jobStates.close();
    }

    @Test
    void framesInOrderGoStraightThroughWithoutTouchingTheBuffer() {
        for (long i = 0; i < 5; i++) {
            process(frame("job", i));
            assertThat(bufferedIndices("job")).isEmpty();
        }
        assertThat(forwardedIndices()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(positions.get("job").nextIndex()).isEqualTo(5);
    }

    @Test
    void earlyFramesWaitInTheBufferUntilTheGapCloses() {
        process(frame("job", 3));
        process(end("job", 4));
        process(frame("job", 1));
        assertThat(forwardedIndices()).isEmpty();
        assertThat(bufferedIndices("job")).containsExactly(1L, 3L, 4L);

        process(frame("job", 0)); // releases 0 and 1, stops at the gap at 2
        assertThat(forwardedIndices()).containsExactly(0L, 1L);
        assertThat(bufferedIndices("job")).containsExactly(3L, 4L);

        process(frame("job", 2)); // releases the rest, END last
        assertThat(forwardedIndices()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(context.forwarded().get(4).record().value().isEndOfStream()).isTrue();
        assertThat(bufferedIndices("job")).isEmpty();
        assertThat(positions.get("job").finished()).isTrue();
    }

    @Test
    void duplicatesAreDroppedWhetherPassedBufferedOrAfterTheEnd() {
        process(frame("job", 0));
        process(frame("job", 0)); // already passed
        process(frame("job", 2));
        process(frame("job", 2)); // already buffered
        process(frame("job", 1));
        process(end("job", 3));
        process(frame("job", 1)); // after the end
        process(end("job", 3));
        assertThat(forwardedIndices()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(bufferedIndices("job")).isEmpty();
    }

    @Test
    void jobsInterleaveWithoutTouchingEachOther() {
        process(frame("a", 1));
        process(frame("ab", 0)); // a job id that is a prefix of another's must not mix
        process(frame("b", 0));
        process(frame("ab", 1));
        process(frame("a", 0));
        List<String> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().key() + "/" + f.record().value().index()));
        assertThat(out).containsExactly("ab/0", "b/0", "ab/1", "a/0", "a/1");
    }

    @Test
    void thePunctuatorReportsAJobStuckOnAMissingIndex() {
        CapturedPunctuator sweep = context.scheduledPunctuators().get(0);
        assertThat(sweep.getInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sweep.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);

        process(frame("stuck", 0));
        process(frame("stuck", 2));
        process(frame("stuck", 3));
        process(frame("flowing", 0));
        process(frame("waiting-for-more", 0)); // nothing buffered: not stuck on a missing index

        sweep.getPunctuator().punctuate(T0 + 30_000);
        assertThat(warnings()).isEmpty();

        context.setCurrentSystemTimeMs(T0 + 50_000);
        process(frame("flowing", 2));
        process(frame("flowing", 1)); // progress resets its clock

        sweep.getPunctuator().punctuate(T0 + 75_000);
        assertThat(warnings()).singleElement().asString()
                .contains("job stuck has waited 75 s for frame 1").contains("frames from 2 on are buffered");
        assertThat(reorderer.sweep(T0 + 75_000)).singleElement()
                .isEqualTo(new FrameReorderer.Stall("stuck", 1, 2, Duration.ofSeconds(75)));
    }

    @Test
    void finishedJobsAreForgottenOnceNoRetryCanArrive() {
        process(frame("done", 0));
        process(end("done", 1));
        CapturedPunctuator sweep = context.scheduledPunctuators().get(0);
        sweep.getPunctuator().punctuate(T0 + Duration.ofHours(23).toMillis());
        assertThat(positions.get("done")).isNotNull();
        sweep.getPunctuator().punctuate(T0 + Duration.ofHours(24).toMillis());
        assertThat(positions.get("done")).isNull();
    }

    @Test
    void aCancelledJobIsLetGoAndItsBufferedFramesDropped() {
        process(frame("gone", 0));
        process(frame("gone", 2));
        process(frame("gone", 3));
        process(frame("kept", 1));
        jobStates.put("gone", "CANCELLED");
        jobStates.put("kept", "RUNNING");

        assertThat(reorderer.sweep(T0 + 120_000)).extracting(FrameReorderer.Stall::jobId).containsExactly("kept");
        assertThat(bufferedIndices("gone")).isEmpty();
        assertThat(positions.get("gone").finished()).isTrue();
        assertThat(bufferedIndices("kept")).containsExactly(1L);

        process(frame("gone", 1)); // late frames of the cancelled job go nowhere
        process(frame("failed", 1));
        jobStates.put("failed", "FAILED");
        process(frame("failed", 0));
        assertThat(forwardedIndices()).containsExactly(0L);
        assertThat(bufferedIndices("failed")).isEmpty();
    }

    private void process(OutputFrame f) {
        reorderer.process(new Record<>(f.jobId(), f, context.currentSystemTimeMs()));
    }

    private List<Long> forwardedIndices() {
        return context.forwarded().stream().map(f -> f.record().value().index()).toList();
    }

    private List<Long> bufferedIndices(String job) {
        List<Long> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, OutputFrame> it = early.range(EarlyFrameKey.of(job, 0), EarlyFrameKey.last(job))) {
            it.forEachRemaining(kv -> out.add(kv.value.index()));
        }
        return out;
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
