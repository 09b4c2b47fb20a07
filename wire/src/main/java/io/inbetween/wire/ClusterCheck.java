package io.inbetween.wire;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a Kafka cluster to answer before a service starts, saying so while it waits: a
 * client left to itself retries an unreachable broker in silence, for ever.
 */
public final class ClusterCheck {
    private static final Logger log = LoggerFactory.getLogger(ClusterCheck.class);
    /** How often the wait is reported. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final Duration ATTEMPT = Duration.ofSeconds(3);

    private ClusterCheck() {}

    /**
     * Returns the number of brokers once the cluster answers.
     *
     * @param timeout how long to keep trying; zero or negative: for ever
     * @throws IllegalStateException with a one-line reason once {@code timeout} has passed
     */
    public static int await(Map<String, Object> clientConfig, Duration timeout) {
        String where = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        boolean forever = timeout.isZero() || timeout.isNegative();
        long start = System.nanoTime(), nextReport = start + REPORT_EVERY.toNanos();
        String last = "no answer";
        boolean reported = false;
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    int brokers = admin.describeCluster().nodes().get(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS).size();
                    if (brokers > 0) {
                        if (reported) log.warn("reached Kafka at {}", where);
                        return brokers;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka at " + where, e);
                } catch (ExecutionException | TimeoutException e) {
                    Throwable root = e;
                    while (root.getCause() != null) root = root.getCause();
                    last = root instanceof TimeoutException || root instanceof org.apache.kafka.common.errors.TimeoutException
                            ? "no broker answered" : OneLine.ofRootCause(e);
                }
                long now = System.nanoTime(), waited = TimeUnit.NANOSECONDS.toSeconds(now - start);
                if (!forever && now - start >= timeout.toNanos())
                    throw new IllegalStateException("cannot reach Kafka at " + where + " within " + timeout.toSeconds() + " s (" + last
                            + "): check --" + ConfigKeys.BOOTSTRAP_SERVERS + " and that the brokers are up");
                if (now >= nextReport) {
                    log.warn("cannot reach Kafka at {} yet ({} s; {}), retrying {}", where, waited, last,
                            forever ? "until it answers" : "for up to " + timeout.toSeconds() + " s (--connect-timeout)");
                    nextReport = now + REPORT_EVERY.toNanos();
                    reported = true;
                }
                sleep(500);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}
