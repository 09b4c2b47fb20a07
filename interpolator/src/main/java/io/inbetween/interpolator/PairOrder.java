package io.inbetween.interpolator;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order in which a replica works its prefetched pairs: the oldest first (the decoder's
 * publish time), then by job and by sequence number, which the record key ({@code jobId/seq})
 * carries. A video's pairs are spread over every partition; taking the oldest pair across them is
 * what lets frames reach the reorderer close to presentation order. A key that does not parse
 * (a poison record) sorts by its place in its partition; the batch sets it aside as before.
 */
final class PairOrder {
    static final Comparator<ConsumerRecord<byte[], byte[]>> OLDEST_FIRST = Comparator
            .comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
            .thenComparing(r -> job(r.key()))
            .thenComparingLong(r -> seq(r.key()))
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset);

    private PairOrder() {}

    static String job(byte[] key) {
        if (key == null) return "";
        String k = new String(key, StandardCharsets.UTF_8);
        int slash = k.lastIndexOf('/');
        return slash < 0 ? k : k.substring(0, slash);
    }

    static long seq(byte[] key) {
        if (key == null) return Long.MAX_VALUE;
        String k = new String(key, StandardCharsets.UTF_8);
        try {
            return Long.parseLong(k.substring(k.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
