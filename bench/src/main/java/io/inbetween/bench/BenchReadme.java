package io.inbetween.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps the latest full run in {@code bench/README.md}, between two markers; the rest of the file is left alone. */
public final class BenchReadme {
    static final String START = "<!-- bench:latest:start -->";
    static final String END = "<!-- bench:latest:end -->";

    private BenchReadme() {}

    public static void update(Path readme, String section) {
        try {
            String text = Files.isRegularFile(readme) ? Files.readString(readme) : "";
            int start = text.indexOf(START), end = text.indexOf(END);
            String block = START + "\n" + section.strip() + "\n" + END;
            String updated = start >= 0 && end > start
                    ? text.substring(0, start) + block + text.substring(end + END.length())
                    : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
            Files.writeString(readme, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + readme + ": " + e.getMessage(), e);
        }
    }
}
