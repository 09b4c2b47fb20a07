package io.inbetween.decoder;

import io.inbetween.wire.FramePair;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;

/** What a decoder sent to a {@link MockProducer}, read back with the wire serdes, in send order. */
public record Published(List<String> topics, List<JobEvent> events, List<OutputFrame> frames, List<FramePair> pairs,
                        List<String> pairKeys) {

    public static MockProducer<String, byte[]> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    public static Published from(MockProducer<String, byte[]> producer) {
        Published p = new Published(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (ProducerRecord<String, byte[]> r : producer.history()) {
            p.topics.add(r.topic());
            switch (r.topic()) {
                case Topics.JOBS -> p.events.add(WireSerdes.readJob(r.topic(), r.value()));
                case Topics.FRAMES -> {
                    OutputFrame f = WireSerdes.readFrame(r.topic(), r.value());
                    if (!r.key().equals(f.jobId())) throw new AssertionError("frame keyed " + r.key() + " for job " + f.jobId());
                    p.frames.add(f);
                }
                case Topics.PAIRS -> {
                    FramePair pair = WireSerdes.readPair(r.topic(), r.value());
                    p.pairs.add(pair);
                    p.pairKeys.add(r.key());
                    // an original that rides with its pair is one of the decoder's output frames too (an interpolator sends it)
                    if (pair.carriesOriginal()) p.frames.add(pair.original());
                }
                default -> throw new AssertionError("unexpected topic " + r.topic());
            }
        }
        return p;
    }
}
