package io.inbetween.decoder;

import io.inbetween.decoder.source.LiveFeed;
import io.inbetween.decoder.source.SourcePolicy;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a command treats live sources: {@code --allow-source-host}, {@code --source-bind},
 * {@code --latency-budget}, {@code --reconnect-window}. Shared by the decoder service, {@code live}
 * and {@code serve}, so that each option means the same everywhere.
 */
public final class LiveSourceOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    @Option(names = "--allow-source-host", paramLabel = "HOST", split = ",",
            description = "A host (name or address) that live sources may reach although it is internal (loopback, "
                    + "link-local, private). Repeatable. Default: none; every internal address is refused.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--source-bind", paramLabel = "ADDRESS",
            description = "Local address that listening live sources (udp://, rtp://) bind to. Default: every address.")
    String bindAddress;

    @Option(names = "--latency-budget", paramLabel = "DURATION",
            description = "Added latency a live job keeps within (a source frame read to its output frame written), "
                    + "stepping down its quality when it cannot: 2s, 1500ms. Default: ${DEFAULT-VALUE}.")
    String latencyBudget = "2s";

    @Option(names = "--reconnect-window", paramLabel = "DURATION",
            description = "How long a lost live source is tried again (its last frame repeated meanwhile) before the "
                    + "job ends: 15s, 0 for never. Default: ${DEFAULT-VALUE}.")
    String reconnectWindow = "15s";

    /** The options, checked; {@code trustedHosts} are allowed too (on the CLI, the source the user typed). */
    public LiveOptions options(String... trustedHosts) {
        Set<String> hosts = new LinkedHashSet<>(allowedHosts);
        for (String h : trustedHosts) if (h != null) hosts.add(h);
        Duration budget = parse("--latency-budget", latencyBudget);
        if (budget.isZero()) throw new IllegalArgumentException("--latency-budget must be positive, got " + latencyBudget);
        LiveFeed.Settings feed = new LiveFeed.Settings(parse("--reconnect-window", reconnectWindow),
                LiveFeed.Settings.DEFAULT.gapFillAfter(), LiveFeed.Settings.DEFAULT.queueFrames());
        return new LiveOptions(new SourcePolicy(hosts, bindAddress), feed, budget);
    }

    /** "2s", "1500ms", "1m" or a bare number of seconds. */
    static Duration parse(String option, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(option + " must be a duration such as 2s or 500ms, got '" + text + "'");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "m" -> value * 60_000;
            default -> value * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
