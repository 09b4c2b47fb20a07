package io.inbetween.wire;

/**
 * Names of the settings every service reads, as command-line options and as environment
 * variables (for containers). The environment name is the option name upper-cased with dashes
 * turned into underscores and an INBETWEEN_ prefix: --bootstrap-servers is INBETWEEN_BOOTSTRAP_SERVERS.
 */
public final class ConfigKeys {
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";

    /** Consumer group of the interpolator replicas: more members, more frames per second. */
    public static final String INTERPOLATOR_GROUP = "inbetween-interpolator";
    /** Consumer group of the decoder services that take queued jobs. */
    public static final String DECODER_GROUP = "inbetween-decoder";
    /** Consumer group of the encoders that write output files. */
    public static final String ENCODER_GROUP = "inbetween-encoder";
    /** Kafka Streams application id of the reorderer. */
    public static final String REORDER_APP_ID = "inbetween-reorderer";

    public static final String ENV_PREFIX = "INBETWEEN_";
    /** The line every command's help ends with. */
    public static final String ENVIRONMENT_NOTE = "Every option --x-y can also be set by the environment variable INBETWEEN_X_Y "
            + "(--bootstrap-servers is INBETWEEN_BOOTSTRAP_SERVERS); the command line wins.";

    private ConfigKeys() {}

    public static String envName(String key) { return ENV_PREFIX + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'); }
}
