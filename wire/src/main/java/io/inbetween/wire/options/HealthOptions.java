package io.inbetween.wire.options;

import io.inbetween.wire.Heartbeat;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --health-file}: where a service shows that it is alive, for container health checks. */
public final class HealthOptions {
    @Option(names = "--health-file", paramLabel = "FILE",
            description = "Touch this file every few seconds while the service's loop turns (a container health check "
                    + "tests its age). Default: none.")
    Path healthFile;

    public Heartbeat heartbeat() { return Heartbeat.to(healthFile); }
}
