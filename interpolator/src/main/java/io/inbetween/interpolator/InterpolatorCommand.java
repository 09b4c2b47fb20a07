package io.inbetween.interpolator;

import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesizerFactory;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code inbetween interpolator}: one replica of the interpolator group, until SIGTERM. */
@Command(name = "interpolator", mixinStandardHelpOptions = true,
        description = {"Runs one interpolator replica: takes frame pairs from " + Topics.PAIRS + ", synthesizes the frames "
                + "in between and publishes them to " + Topics.FRAMES + ". Replicas share the work as the consumer group "
                + ConfigKeys.INTERPOLATOR_GROUP + "; start more of them to go faster. Runs until SIGTERM.",
                "The diffusion steps K and the seed come with each job (inbetween submit --steps/--seed)."})
public final class InterpolatorCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(InterpolatorCommand.class);
    /** PyTorch reads its intra-op thread count from this property when its engine loads. */
    static final String TORCH_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    @Spec CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:INBETWEEN_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers; required. Default: the environment variable INBETWEEN_BOOTSTRAP_SERVERS "
                    + "(now: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--synthesizer", paramLabel = "KIND", defaultValue = SynthesizerOptions.DEFAULT_KIND,
            description = "Frame synthesizer: crvd (the learned model), blend (linear cross-fade, no model) or "
                    + "torchscript:PATH (a TorchScript file). Default: ${DEFAULT-VALUE}.")
    String synthesizer;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = SynthesizerOptions.DEFAULT_DEVICE,
            description = "Where a model runs: auto (a GPU when one is present, else the CPU), cpu or gpu. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + SynthesizerOptions.DEFAULT_BATCH_SIZE,
            description = "Most pairs per synthesizer call (a model runs them in one forward pass). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Weights file for the model. Default: the built-in weights.")
    Path model;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of the model's engine. Default: the number of cores (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    public InterpolatorCommand() {}

    @Override
    public Integer call() {
        SynthesizerOptions options = options();
        if (System.getProperty(TORCH_THREADS_PROPERTY) == null)
            System.setProperty(TORCH_THREADS_PROPERTY, Integer.toString(threads));
        try (FrameSynthesizer frames = SynthesizerFactory.create(options)) {
            log.info("interpolator starting: synthesizer {}; device {}; model {}; batch size {}; diffusion steps K from each job "
                            + "(default {}); {} intra-op threads; Kafka at {}", frames.description(), options.device(),
                    options.modelPath() == null ? "built-in" : options.modelPath(), batchSize, JobSpec.DEFAULT_STEPS,
                    System.getProperty(TORCH_THREADS_PROPERTY), bootstrapServers);
            try (InterpolatorService service = new InterpolatorService(
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), frames, batchSize)) {
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

    /** Checks the options; a bad one is a usage error with a one-line reason. */
    SynthesizerOptions options() {
        if (bootstrapServers == null || bootstrapServers.isBlank())
            throw new ParameterException(spec.commandLine(), "missing --bootstrap-servers (or the environment variable "
                    + ConfigKeys.envName(ConfigKeys.BOOTSTRAP_SERVERS) + ")");
        if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be 1 or more, got " + threads);
        if (model != null && !Files.isRegularFile(model))
            throw new ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        try {
            return new SynthesizerOptions(synthesizer, device, batchSize, model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
