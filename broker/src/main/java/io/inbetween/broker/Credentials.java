package io.inbetween.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * SASL/PLAIN for a secured embedded broker: one user, {@value #USER}, whose password is made at
 * the first start and kept in a file that only its owner may read; the broker's listeners (the
 * controller's too) accept no one else.
 */
final class Credentials {
    static final String USER = "inbetween";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private Credentials() {}

    /** The password in {@code file}, made (32 random bytes, hex) and written owner-only if missing. */
    static String secret(Path file) {
        try {
            if (!Files.exists(file)) {
                String made = HexFormat.of().formatHex(randomBytes());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, made + "\n", StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException raced) {
                    // another start made it first: use that one
                }
            }
            ownerOnly(file);
            String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!secret.matches("[0-9a-f]{64}")) throw new IllegalStateException("the broker secret in " + file + " is damaged; delete it to make a new one");
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the broker secret " + file, e);
        }
    }

    /** Makes {@code file} readable and writable by its owner alone (it may hold the secret). */
    static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Client settings: none for an open broker. */
    static Map<String, Object> client(String secret) {
        if (secret == null) return Map.of();
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN + " required username=\"" + USER + "\" password=\"" + secret + "\";");
    }

    /** Broker settings: SASL/PLAIN on the client and controller listeners, the same user inside the broker. */
    static Map<String, String> broker(String secret, int brokerPort, int controllerPort) {
        String jaas = PLAIN + " required username=\"" + USER + "\" password=\"" + secret + "\" user_" + USER + "=\"" + secret + "\";";
        return Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort,
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "sasl.mechanism.controller.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas,
                "listener.name.controller.plain.sasl.jaas.config", jaas);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
