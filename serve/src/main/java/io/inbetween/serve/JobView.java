package io.inbetween.serve;

import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.VideoInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * A job as the API shows it (GET /api/jobs/{id}, the list, the SSE snapshots). File paths stay
 * on the server: clients get links.
 *
 * @param framesTotal output frames of the job, or null while unknown
 * @param progress    framesDone / framesTotal in [0,1], or null while the total is unknown
 * @param fps         output frames per second over the last seconds (0 unless running)
 * @param etaSeconds  time left at the current speed, or null
 * @param live        a live job's state on the decoder of this server (null elsewhere, or for files)
 */
record JobView(String id, String name, String state, long framesDone, Long framesTotal, Double progress, double fps,
               Double etaSeconds, String error, String updatedAt, String rate, String outputFps, Options options,
               Source source, Links links, Live live) {

    /**
     * @param level      the quality level: full, deterministic, blend, repeat (null when nothing steers it)
     * @param lagSeconds the age of the source frame of the next output frame to be written: the added latency now
     * @param gaps       times the feed went silent and its last frame was repeated ({@code gapFrames} in all)
     */
    record Live(String level, long levelChanges, Double lagSeconds, long framesRead, long framesDropped, long gaps, long gapFrames,
                long reconnects) {
        static Live of(io.inbetween.decoder.LiveStatus s) {
            if (s == null) return null;
            var f = s.feed();
            return new Live(s.level() == null ? null : s.level().label(), s.levelChanges(), s.lagSeconds() < 0 ? null : s.lagSeconds(),
                    f == null ? 0 : f.framesRead(), f == null ? 0 : f.framesDropped(), f == null ? 0 : f.gaps(),
                    f == null ? 0 : f.gapFrames(), f == null ? 0 : f.reconnects());
        }
    }

    record Options(String rate, int steps, long seed, double sceneThreshold, int crf, String preset, boolean lossless) {}

    record Source(int width, int height, String fps, String codec, Double durationSeconds, boolean audio) {}

    /** @param live a live job's HLS playlist, while it is written and after */
    record Links(String self, String output, String source, String live) {}

    static JobView of(JobBoard.Tracked t, JobFiles files) {
        JobEvent e = t.event();
        JobSpec spec = e.spec();
        String base = "/api/jobs/" + spec.jobId();
        long expected = t.expectedFrames();
        boolean done = e.state() == JobState.DONE;
        Long total = expected > 0 ? expected : null;
        Double progress = done ? Double.valueOf(1.0) : total != null ? Math.min(1.0, e.framesDone() / (double) total) : null;
        boolean live = JobFiles.isLive(Path.of(spec.output()));
        boolean outputReady = done && files.owns(Path.of(spec.output())) && Files.isRegularFile(Path.of(spec.output()));
        boolean sourceKept = files.owns(Path.of(spec.input())) && Files.isRegularFile(Path.of(spec.input()));
        VideoInfo info = t.info();
        Source source = info == null ? null : new Source(info.width(), info.height(),
                info.sourceRate() == null ? null : info.sourceRate().toString(), info.codec(),
                info.durationMicros() > 0 ? info.durationMicros() / 1e6 : null, info.hasAudio());
        return new JobView(spec.jobId(), displayName(spec.jobId()), e.state().name().toLowerCase(Locale.ROOT),
                e.framesDone(), total, progress, t.fps(), t.etaSeconds(), e.error(),
                Instant.ofEpochMilli(e.atMillis()).toString(), spec.rate().toString(),
                info == null || info.outputRate() == null ? null : info.outputRate().toString(),
                new Options(spec.rate().toString(), spec.steps(), spec.seed(), spec.sceneThreshold(),
                        spec.encoding().crf(), spec.encoding().preset(), spec.encoding().lossless()),
                source, new Links(base, outputReady && !live ? base + "/output" : null, sourceKept ? base + "/source" : null,
                        live ? base + "/live/" + JobFiles.PLAYLIST : null), Live.of(t.live()));
    }

    /** The upload's name, as kept in the job id ("clip.mp4-1a2b3c4d" shows as "clip.mp4"). */
    static String displayName(String jobId) {
        int dash = jobId.lastIndexOf('-');
        return dash > 0 && jobId.length() - dash == 9 ? jobId.substring(0, dash) : jobId;
    }
}
