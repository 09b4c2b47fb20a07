package io.inbetween.wire;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SafeOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0), P1 = new TopicPartition("t", 1);

    @Test
    void commitsNeverPassTheFirstRecordOfAnOpenJob() {
        SafeOffsets offsets = new SafeOffsets();
        offsets.handled(P0, 4);
        offsets.hold("a", P0, 2);
        offsets.handled(P0, 9);
        offsets.handled(P1, 3);
        assertThat(offsets.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(4)));
        offsets.committed(offsets.toCommit());
        assertThat(offsets.toCommit()).as("nothing new").isEmpty();

        offsets.hold("b", P0, 6);
        offsets.release("a");
        assertThat(offsets.toCommit()).as("the next open job holds now").isEqualTo(Map.of(P0, new OffsetAndMetadata(6)));
        offsets.release("b");
        assertThat(offsets.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
    }

    @Test
    void anEarlierHoldIsKeptAndForgottenPartitionsCommitNothing() {
        SafeOffsets offsets = new SafeOffsets();
        offsets.hold("a", P0, 2);
        offsets.hold("a", P0, 7); // seen again later: the job still starts at 2
        offsets.handled(P0, 8);
        assertThat(offsets.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        offsets.forget(List.of(P0));
        assertThat(offsets.holds("a")).isFalse();
        assertThat(offsets.toCommit()).isEmpty();
        offsets.handled(P1, 1);
        offsets.clearHandled();
        assertThat(offsets.toCommit()).as("a stop commits nothing more").isEmpty();
    }
}
