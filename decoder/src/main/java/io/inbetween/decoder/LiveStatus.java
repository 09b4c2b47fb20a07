package io.inbetween.decoder;

import io.inbetween.decoder.live.QualityLadder;
import io.inbetween.decoder.source.LiveFeed;

/**
 * Where a live job stands on the decoder's side, for the status line and metrics.
 *
 * @param lagSeconds   output frames published but not yet written, in seconds of output (-1 unknown)
 * @param outputsPublished output frames published so far
 */
public record LiveStatus(String jobId, QualityLadder.Level level, long levelChanges, double lagSeconds,
                         long outputsPublished, LiveFeed.Stats feed) {}
