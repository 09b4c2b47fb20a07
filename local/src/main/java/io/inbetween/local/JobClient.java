package io.inbetween.local;

import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobTable;
import io.inbetween.wire.KafkaClients;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * What a user of the cluster does with jobs: submit one, cancel it, and follow its state on the
 * jobs topic. The same client serves the one-command `upscale` and the HTTP API.
 */
public final class JobClient implements AutoCloseable {
    private final KafkaProducer<String, JobEvent> producer;
    private final JobTable jobs;

    public JobClient(String bootstrapServers) { this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)); }

    /** @param clientConfig bootstrap.servers and any other client setting (credentials, for one) */
    public JobClient(Map<String, Object> clientConfig) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "inbetween-job-client");
        producer = new KafkaProducer<>(p, Topics.JOB_EVENTS.keySerde().serializer(), Topics.JOB_EVENTS.valueSerde().serializer());
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "inbetween-job-watcher");
        jobs = JobTable.open(c);
    }

    /** The client's producer and jobs reader, for client metrics. */
    public KafkaClients kafkaClients() { return KafkaClients.of(producer, jobs.consumer()); }

    /** Queues a job; returns once the broker has it. */
    public void submit(JobSpec spec) { publish(JobEvent.queued(spec)); }

    /**
     * Asks every stage to drop the job. Safe to call from another thread (a shutdown hook): it uses
     * the last state read, never the consumer.
     */
    public void cancel(String jobId) {
        JobEvent known = jobs.get(jobId);
        if (known != null && !known.state().isFinal()) publish(known.cancelled());
    }

    /**
     * Asks a live job to end cleanly: its decoder stops reading, what was read is written, and the
     * output is closed. A job no decoder has started yet is cancelled instead. Safe from another thread.
     */
    public void stop(String jobId) {
        JobEvent known = jobs.get(jobId);
        if (known == null || known.state().isFinal()) return;
        publish(known.state() == JobState.QUEUED ? known.cancelled() : known.stopping());
    }

    /** Removes a finished job from the jobs topic for good (a tombstone); its files are the caller's to delete. */
    public void forget(String jobId) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, jobId, null)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + Topics.JOBS + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting a job", e);
        }
        jobs.forget(jobId);
    }

    /** Reads new job events and returns every job's latest state. */
    public Map<String, JobEvent> poll(Duration timeout) {
        jobs.poll(timeout);
        return jobs.snapshot();
    }

    /**
     * Follows one job until it reaches a final state, calling {@code onUpdate} with each new state
     * and at least every {@code tick}. Returns the final state, or throws if {@code alive} reports
     * that a stage of the pipeline died.
     */
    public JobEvent await(String jobId, Duration tick, Consumer<JobEvent> onUpdate, Runnable alive) {
        while (true) {
            alive.run();
            JobEvent e = poll(tick).get(jobId);
            if (e != null) {
                onUpdate.accept(e);
                if (e.state().isFinal()) return e;
            }
        }
    }

    private void publish(JobEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, event.jobId(), event)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish job event to " + Topics.JOBS + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a job event", e);
        }
    }

    @Override public void close() {
        producer.close(Duration.ofSeconds(5));
        jobs.close();
    }
}
