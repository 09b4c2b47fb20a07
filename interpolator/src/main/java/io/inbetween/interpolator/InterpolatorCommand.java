package io.inbetween.interpolator;

import io.inbetween.wire.options.CommandRunner;

import io.inbetween.model.options.SynthesisOptions;
import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesizerFactory;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.Topics;
import io.inbetween.wire.options.HealthOptions;
import io.inbetween.wire.options.KafkaOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code inbetween interpolator}: one replica of the interpolator group, until SIGTERM. */
@Command(name = "interpolator", mixinStandardHelpOptions = true,
        description = {"Runs one interpolator replica: takes frame pairs from " + Topics.PAIRS + ", synthesizes the frames "
                + "in between and publishes them to " + Topics.FRAMES + ". Replicas share the work as the consumer group "
                + ConfigKeys.INTERPOLATOR_GROUP + "; start more of them to go faster. Runs until SIGTERM.",
                "The diffusion steps K and the seed come with each job (inbetween upscale --steps/--seed, or the API's fields).",
                ConfigKeys.ENVIRONMENT_NOTE})
public final class InterpolatorCommand implements Callable<Integer> {
    /** The service's own entry point, as its container image runs it. */
    public static void main(String[] args) { CommandRunner.main(new InterpolatorCommand(), args); }

    private static final Logger log = LoggerFactory.getLogger(InterpolatorCommand.class);

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Mixin SynthesisOptions synthesis;

    @Mixin HealthOptions health;

    public InterpolatorCommand() {}

    @Override
    public Integer call() {
        String bootstrapServers = kafka.requireBootstrapServers(spec);
        SynthesizerOptions options = synthesis.synthesizerOptions(spec);
        try (FrameSynthesizer frames = SynthesizerFactory.create(options)) {
            log.info("interpolator starting: synthesizer {}; device {}; model {}; batch size {}; diffusion steps K from each job "
                            + "(default {}); {} intra-op threads; Kafka at {}", frames.description(), options.device(),
                    options.modelPath() == null ? "built-in" : options.modelPath(), options.batchSize(), JobSpec.DEFAULT_STEPS,
                    System.getProperty(SynthesisOptions.TORCH_THREADS_PROPERTY), bootstrapServers);
            kafka.awaitCluster(bootstrapServers); // after the options and the model: their errors come first
            try (InterpolatorService service = new InterpolatorService(kafka.clientConfig(bootstrapServers), frames, options.batchSize())) {
                service.beatInto(health.heartbeat());
                Thread hook = new Thread(service::close, "interpolator-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    service.run();
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // SIGTERM: the hook is what stopped the service
                    }
                }
            }
        }
        return 0;
    }
}
