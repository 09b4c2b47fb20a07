package io.inbetween.streamapp.encode;

/** The output cannot be written; the message is one line a user can act on. */
public final class EncodingException extends RuntimeException {
    public EncodingException(String message) { super(message); }
    public EncodingException(String message, Throwable cause) { super(message, cause); }
}
