package io.inbetween.model.synthesis;

/** A synthesizer could not make its frames; the message is one line a user can act on. */
public class SynthesisException extends RuntimeException {
    public SynthesisException(String message) { super(message); }
    public SynthesisException(String message, Throwable cause) { super(message, cause); }
}
