package io.inbetween.streamapp.encode;

import io.inbetween.wire.JobEvent;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The encoder's events on the jobs topic: progress in passing, DONE and FAILED acknowledged before offsets move on. */
final class JobEventPublisher {
    private static final Duration SEND_LIMIT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String where;

    JobEventPublisher(Producer<byte[], byte[]> producer, String where) {
        this.producer = producer;
        this.where = where;
    }

    /** Fire and forget: progress that the next event supersedes anyway. */
    void send(JobEvent event) { producer.send(record(event)); }

    /** Returns once the broker has the event; a Kafka that is gone is an error the service cannot go on from. */
    void sendAndWait(JobEvent event) {
        try {
            producer.send(record(event)).get(SEND_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot publish job " + event.jobId() + "'s " + event.state() + " event to " + Topics.JOBS
                    + " at " + where + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(JobEvent event) {
        return Topics.JOB_EVENTS.record(event.jobId(), event);
    }
}
