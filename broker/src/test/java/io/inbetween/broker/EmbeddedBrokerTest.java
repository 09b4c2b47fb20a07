package io.inbetween.broker;

import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedBrokerTest {

    @Test
    void carriesALargeFrameAndKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
        // A 4K pair of noise: above every Kafka default limit and above what one fetch asks for
        // (KafkaLimits.FETCH_BYTES), and lz4 cannot shrink it under them.
        byte[] frame = new byte[2 * 3840 * 2160 * 3];
        assertThat(frame.length).isGreaterThan(KafkaLimits.FETCH_BYTES);
        new Random(7).nextBytes(frame);
        String firstAddress;
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) {
            firstAddress = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Topics.ensure(admin, 2, 2, (short) 1);
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
            }
            try (KafkaProducer<String, byte[]> producer = producer(broker)) {
                producer.send(new ProducerRecord<>(Topics.FRAMES, 0, "job-1", frame)).get(30, TimeUnit.SECONDS);
            }
            assertThat(readAll(broker, Topics.FRAMES)).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(frame));
        }
        assertThat(dir).isDirectory(); // a configured directory is kept

        try (EmbeddedBroker again = EmbeddedBroker.start(dir)) {
            assertThat(again.bootstrapServers()).isEqualTo(firstAddress); // ports were free, so they are reused
            assertThat(readAll(again, Topics.FRAMES)).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("job-1");
                assertThat(r.value()).isEqualTo(frame);
            });
        }
    }

    @Test
    void aTemporaryDirectoryIsDeletedOnClose() {
        Path dir;
        try (EmbeddedBroker broker = EmbeddedBroker.start(null)) {
            dir = broker.dataDir();
            assertThat(dir.resolve("logs").resolve("meta.properties")).exists();
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void refusesToProduceToATopicNobodyCreated() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>("typo.topic", "k", "v")))
                        .failsWithin(Duration.ofSeconds(10));
            }
            assertThat(admin.listTopics().names()).succeedsWithin(Duration.ofSeconds(10))
                    .satisfies(names -> assertThat(names).doesNotContain("typo.topic"));
        }
    }

    @Test
    void aThreeNodeClusterKeepsEveryRecordWhenANodeStops(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker cluster = EmbeddedBroker.start(dir, 3, 0)) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3).allMatch(a -> a.startsWith("127.0.0.1:"));
            assertThat(cluster.replicationFactor()).isEqualTo((short) 3);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                Topics.ensure(admin, 2, 2, cluster.replicationFactor());
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(3);
                var pairs = admin.describeTopics(List.of(Topics.PAIRS)).allTopicNames().get(10, TimeUnit.SECONDS).get(Topics.PAIRS);
                assertThat(pairs.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            byte[] frame = new byte[3 * 1024 * 1024];
            new Random(3).nextBytes(frame);
            try (KafkaProducer<String, byte[]> producer = producer(cluster)) {
                for (int i = 0; i < 4; i++) producer.send(new ProducerRecord<>(Topics.FRAMES, i % 2, "before-" + i, frame)).get(30, TimeUnit.SECONDS);
                cluster.stopNode(1); // the controller quorum and every partition keep a majority
                for (int i = 0; i < 4; i++) producer.send(new ProducerRecord<>(Topics.FRAMES, i % 2, "after-" + i, frame)).get(60, TimeUnit.SECONDS);
            }
            assertThat(readAll(cluster, Topics.FRAMES)).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("before-0", "before-1", "before-2", "before-3", "after-0", "after-1", "after-2", "after-3");
            cluster.startNode(1);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(3);
            }
        }
        assertThat(dir.resolve("node-3").resolve("server.properties")).exists();
    }

    @Test
    void aSecuredBrokerRefusesClientsWithoutItsSecret(@TempDir Path dir) throws Exception {
        String secret;
        try (EmbeddedBroker broker = EmbeddedBroker.startSecured(dir)) {
            assertThat(broker.secured()).isTrue();
            Path file = dir.resolve(EmbeddedBroker.SECRET_FILE);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.properties"))))
                    .isEqualTo("rw-------");
            secret = Files.readString(file).strip();
            try (Admin admin = Admin.create(broker.clientConfig())) {
                Topics.ensure(admin, 2, 2, (short) 1);
            }
            Map<String, Object> withSecret = new HashMap<>(KafkaLimits.producer());
            withSecret.putAll(broker.clientConfig());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(withSecret, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.JOBS, "job", new byte[] {1})).get(30, TimeUnit.SECONDS);
            }
            // a local process with the address alone: no metadata, no produce, no admin
            Map<String, Object> anonymous = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000));
            try (KafkaProducer<String, String> intruder = new KafkaProducer<>(anonymous, new StringSerializer(), new StringSerializer())) {
                assertThat(intruder.send(new ProducerRecord<>(Topics.JOBS, "evil", "job"))).failsWithin(Duration.ofSeconds(20));
            }
            Map<String, Object> wrong = new HashMap<>(broker.clientConfig());
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"inbetween\" password=\"guess\";");
            wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
            wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
            try (Admin guesser = Admin.create(wrong)) {
                assertThat(guesser.listTopics().names()).failsWithin(Duration.ofSeconds(20))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }
        }
        try (EmbeddedBroker again = EmbeddedBroker.startSecured(dir)) {
            assertThat(Files.readString(dir.resolve(EmbeddedBroker.SECRET_FILE)).strip()).as("the secret is kept").isEqualTo(secret);
            assertThat(readAll(again, Topics.JOBS)).hasSize(1);
        }
    }

    @Test
    void aDirectoryKeepsTheNodeCountItWasMadeWith(@TempDir Path dir) {
        try (EmbeddedBroker single = EmbeddedBroker.start(dir)) {
            assertThat(single.nodeCount()).isEqualTo(1);
        }
        assertThatThrownBy(() -> EmbeddedBroker.start(dir, 3, 0)).hasMessageContaining("holds a single-node broker");
    }

    @Test
    void aTakenPortIsRefusedWithTheFix() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedBroker.start(null, 1, taken.getLocalPort()))
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("--port");
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedBroker broker) {
        Map<String, Object> config = new HashMap<>(KafkaLimits.producer());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedBroker broker, String topic) {
        Map<String, Object> config = new HashMap<>(KafkaLimits.consumer());
        config.putAll(broker.clientConfig());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline)
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
