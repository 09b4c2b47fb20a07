package io.inbetween.wire.console;

import java.io.PrintStream;

/**
 * The one line at the bottom of a terminal that a progress bar redraws in place. Anything else
 * written to the console while a bar is shown (log lines) goes through {@link #print}, which
 * clears the bar, prints the text on lines of its own and draws the bar again below it, so
 * neither tears the other.
 */
public final class StatusLine {
    private static final StatusLine STDERR = new StatusLine(System.err);

    private final PrintStream out;
    private String shown = "";

    StatusLine(PrintStream out) { this.out = out; }

    /** The status line of standard error, where Inbetween's console output goes. */
    public static StatusLine stderr() { return STDERR; }

    /** Shows {@code line} in place of the current one. */
    public synchronized void show(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, shown.length() - line.length())));
        out.flush();
        shown = line;
    }

    /** Prints {@code text} (ending in a newline or not) above the status line. */
    public synchronized void print(String text) {
        if (!shown.isEmpty()) out.print("\r" + " ".repeat(shown.length()) + "\r");
        out.print(text.endsWith("\n") ? text : text + "\n");
        if (!shown.isEmpty()) out.print(shown);
        out.flush();
    }

    /** Leaves the current line as it is and starts a fresh one: the bar is done. */
    public synchronized void release() {
        if (!shown.isEmpty()) out.println();
        out.flush();
        shown = "";
    }
}
