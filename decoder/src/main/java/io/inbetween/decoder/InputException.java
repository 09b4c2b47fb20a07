package io.inbetween.decoder;

/**
 * A source the decoder cannot use, with a one-line message a user can act on ("input not found:
 * clip.mp4", "clip.mp4 has no video stream"). Callers print the message, never the stack trace.
 */
public final class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
