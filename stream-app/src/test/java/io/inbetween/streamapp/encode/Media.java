package io.inbetween.streamapp.encode;

import io.inbetween.decoder.source.SourceFrame;
import io.inbetween.decoder.source.VideoSource;
import io.inbetween.wire.RgbFrame;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Frames of the real clips (found by {@code TestClips}) as the pipeline carries them. */
final class Media {
    private Media() {}

    /** Up to {@code max} frames of a video, decoded to packed RGB by the decoder's own reader. */
    static List<RgbFrame> frames(Path video, int max) {
        List<RgbFrame> out = new ArrayList<>();
        try (VideoSource source = VideoSource.open(video.toString(), Duration.ofSeconds(15))) {
            SourceFrame f;
            while (out.size() < max && (f = source.next()) != null) out.add(f.image());
        }
        return out;
    }
}
