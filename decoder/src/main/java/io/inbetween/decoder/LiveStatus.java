package io.inbetween.decoder;

import io.inbetween.decoder.live.QualityLadder;
import io.inbetween.decoder.source.LiveFeed;

/**
 * Where a live job stands on the decoder's side, for the status line and metrics.
 *
 * @param level        the quality level, null when no encoder progress steers it
 * @param lagSeconds   the age of the source frame of the next output frame to be written (-1 unknown)
 * @param outputsPublished output frames published so far
 */
public record LiveStatus(String jobId, QualityLadder.Level level, long levelChanges, double lagSeconds,
                         long outputsPublished, LiveFeed.Stats feed) {}
