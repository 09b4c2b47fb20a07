package io.inbetween.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a child process wrote to its log file; its last line is usually the reason it failed. */
final class ProcessLog {
    private ProcessLog() {}

    static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        } catch (IOException e) {
            return "its log " + file + " is unreadable";
        }
        return "no message";
    }
}
