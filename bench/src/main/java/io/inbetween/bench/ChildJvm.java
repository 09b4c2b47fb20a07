package io.inbetween.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that start a class of this application in a fresh JVM with this JVM's classpath and settings. */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // system properties (native caches, offline DJL, media folder) and heap limits; no agents or debuggers
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("-D") || a.startsWith("-Xmx") || a.startsWith("-Xms")) cmd.add(a);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
