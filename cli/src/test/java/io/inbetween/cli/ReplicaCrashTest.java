package io.inbetween.cli;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestClips;
import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.local.JobClient;
import io.inbetween.local.LocalPipeline;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An interpolator replica is killed (SIGKILL, in its own JVM) in the middle of a job. Its
 * uncommitted pairs must be redone by another replica, its half-published frames dropped as
 * duplicates, and the output must be complete and exact: nothing lost, nothing doubled.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReplicaCrashTest {
    @TempDir Path dir;

    @Test void aKilledReplicaLosesNothing() throws Exception {
        Path input = TestClips.ballLong(); // 255 frames -> 254 pairs
        try (EmbeddedBroker broker = EmbeddedBroker.start(null);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            String bootstrap = broker.bootstrapServers();
            Topics.ensure(admin, Topics.DEFAULT_PAIR_PARTITIONS, Topics.DEFAULT_FRAME_PARTITIONS, (short) 1);
            Process doomed = startReplica(bootstrap);
            awaitMember(admin, doomed);

            Path output = dir.resolve("out.mkv");
            JobSpec spec = new JobSpec("crash-test", input.toString(), output.toString(), OutputRate.factor(2),
                    new Encoding(18, "ultrafast", true), 0, 0, JobSpec.DEFAULT_SCENE_THRESHOLD);
            SynthesizerOptions blend = new SynthesizerOptions("blend", "cpu", 2, null);
            try (LocalPipeline rest = LocalPipeline.start(bootstrap, new LocalPipeline.Stages(true, 0, true), blend, dir.resolve("state"));
                 JobClient client = new JobClient(bootstrap)) {
                client.submit(spec);
                long committedAtKill = awaitCommitted(admin, 5);
                doomed.destroyForcibly(); // SIGKILL: no leave-group, no commit, mid-batch
                doomed.waitFor();
                assertThat(committedAtKill).as("the replica died mid-job").isLessThan(254);

                try (LocalPipeline survivor = LocalPipeline.start(bootstrap, new LocalPipeline.Stages(false, 1, false), blend, dir.resolve("state2"))) {
                    JobEvent last = client.await(spec.jobId(), Duration.ofMillis(500), e -> {}, () -> { rest.checkAlive(); survivor.checkAlive(); });
                    assertThat(last.state()).as("error: %s", last.error()).isEqualTo(JobState.DONE);
                }
            }
            List<byte[]> frames = Ffmpeg.frames(output, 360, 288);
            assertThat(frames).hasSize(510);
            for (int n = 1; n < 509; n += 2) {
                byte[] a = frames.get(n - 1), mid = frames.get(n), b = frames.get(n + 1);
                int worst = 0;
                for (int i = 0; i < mid.length; i++)
                    worst = Math.max(worst, Math.abs((mid[i] & 0xff) - ((a[i] & 0xff) + (b[i] & 0xff) + 1) / 2));
                assertThat(worst).as("frame %d is the blend of its neighbours", n).isLessThanOrEqualTo(1);
            }
        }
    }

    private static Process startReplica(String bootstrap) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.inbetween.cli.Inbetween", "interpolator",
                "--bootstrap-servers", bootstrap, "--synthesizer", "blend", "--batch-size", "2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitMember(Admin admin, Process replica) throws Exception {
        while (true) {
            assertThat(replica.isAlive()).as("the replica process started").isTrue();
            try {
                if (!admin.describeConsumerGroups(List.of(ConfigKeys.INTERPOLATOR_GROUP)).all().get()
                        .get(ConfigKeys.INTERPOLATOR_GROUP).members().isEmpty()) return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) throw e;
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the group has committed at least {@code min} pairs; returns how many. */
    private static long awaitCommitted(Admin admin, long min) throws Exception {
        while (true) {
            long sum = admin.listConsumerGroupOffsets(ConfigKeys.INTERPOLATOR_GROUP).partitionsToOffsetAndMetadata().get()
                    .values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
            if (sum >= min) return sum;
            Thread.sleep(20);
        }
    }
}
