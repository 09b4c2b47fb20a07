package io.inbetween.serve;

import io.inbetween.local.JobClient;
import io.inbetween.wire.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps the data directory from filling up: a finished job is deleted (files and its entry on the
 * jobs topic) once it is older than the retention; a cancelled job's files go at once, including
 * any an encoder wrote after the cancel; a folder no job refers to (left by a crash) goes once it
 * is older than the retention and an hour.
 */
record Retention(JobBoard board, JobFiles files, JobClient client, Duration keep) {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final Duration ORPHAN_MIN_AGE = Duration.ofHours(1);

    void sweep() {
        if (!board.caughtUp()) return; // an unread topic would make every folder look orphaned
        long now = System.currentTimeMillis();
        Set<String> known = new HashSet<>();
        for (JobBoard.Tracked job : board.all()) {
            known.add(job.id());
            JobState state = job.event().state();
            // jobs of other clients (`upscale --submit-only`) write elsewhere: not ours to remove
            if (!JobFiles.isValidId(job.id()) || !files.owns(java.nio.file.Path.of(job.event().spec().output()))) continue;
            if (state.isFinal() && now - job.event().atMillis() > keep.toMillis()) {
                files.delete(job.id());
                client.forget(job.id());
                board.forget(job.id());
                log.info("job {} removed after the retention of {} ({})", job.id(), keep, state.name().toLowerCase());
            } else if (state == JobState.CANCELLED && files.delete(job.id())) {
                log.info("removed the files of cancelled job {}", job.id());
            }
        }
        long orphanAge = Math.max(keep.toMillis(), ORPHAN_MIN_AGE.toMillis());
        for (String id : files.ids()) {
            if (known.contains(id)) continue;
            try {
                if (now - Files.getLastModifiedTime(files.dir(id)).toMillis() > orphanAge && files.delete(id))
                    log.info("removed folder {} that no job refers to", id);
            } catch (IOException e) {
                log.debug("cannot check {}: {}", id, e.toString());
            }
        }
    }
}
