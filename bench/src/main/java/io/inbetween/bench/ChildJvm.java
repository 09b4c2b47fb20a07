package io.inbetween.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that start a class of this application in a fresh JVM with this JVM's classpath and settings. */
final class ChildJvm {
    /**
     * A method's JVM holds every decoded window of the benchmark (up to 2.8 GB at 480p, K = 4):
     * more than the launcher's pipeline heap, so it gets at least this much.
     */
    static final long MIN_HEAP_BYTES = 4L << 30;

    private ChildJvm() {}

    static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // system properties (native caches, offline DJL, media folder) and heap limits; no agents or debuggers
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("-D") || a.startsWith("-Xms")) cmd.add(a);
        long heap = Math.max(Runtime.getRuntime().maxMemory(), MIN_HEAP_BYTES);
        cmd.add("-Xmx" + (heap >> 20) + "m");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
