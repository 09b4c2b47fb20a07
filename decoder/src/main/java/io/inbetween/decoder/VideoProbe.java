package io.inbetween.decoder;

import io.inbetween.decoder.source.VideoSource;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.VideoInfo;


/** Opens a source just long enough to validate it and describe it. */
public final class VideoProbe {
    private VideoProbe() {}

    /**
     * Validates a source (throws {@link InputException} with a one-line reason) and describes it,
     * with the output rate resolved. Fails at once for frames too large to travel through Kafka.
     */
    public static VideoInfo probe(String input, OutputRate rate) {
        try (VideoSource source = VideoSource.open(input, JobDecoder.DEFAULT_LIVE_TIMEOUT)) {
            return describe(source, rate);
        }
    }

    static VideoInfo describe(io.inbetween.decoder.source.FrameSource source, OutputRate rate) {
        checkPairSize(source.width(), source.height());
        return new VideoInfo(source.width(), source.height(), source.frameRate(), rate.resolve(source.frameRate()),
                source.isLive() ? -1 : source.durationMicros(), source.audioChannels(), source.audioSampleRate(),
                source.codec(), source.displayRotation());
    }

    /** A pair carries two raw frames; if those alone exceed the record limit, no pair of this size can be sent. */
    static void checkPairSize(int width, int height) {
        long bytes = 2L * width * height * 3;
        if (bytes > KafkaLimits.MAX_RECORD_BYTES) throw new InputException(KafkaLimits.tooLarge(width, height, bytes));
    }
}
