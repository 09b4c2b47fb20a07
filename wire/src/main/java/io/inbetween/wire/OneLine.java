package io.inbetween.wire;

/**
 * Messages a user reads: one line each. Errors reach the console, job events and dead-letter
 * headers, and a stack of nested causes or FFmpeg's multi-line output must never tear them.
 */
public final class OneLine {
    private OneLine() {}

    /** {@code message} with every run of white space (newlines included) folded to one space; {@code fallback} when blank. */
    public static String of(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : message.strip().replaceAll("\\s+", " ");
    }

    /** The message a user should read: the exception's own, or the first one down its causes, on one line. */
    public static String of(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null && t.getCause() != t) t = t.getCause();
        return of(t.getMessage(), t.getClass().getSimpleName());
    }

    /** The innermost cause's message, on one line: what a network client failed on, below its wrappers. */
    public static String ofRootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return of(t.getMessage(), t.toString());
    }
}
