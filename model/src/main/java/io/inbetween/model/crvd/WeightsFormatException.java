package io.inbetween.model.crvd;

import java.io.IOException;

/** A CRVD weights file is missing, truncated, corrupt or of another format; the message says which and what to do. */
public final class WeightsFormatException extends IOException {
    public WeightsFormatException(String message) { super(message); }
    public WeightsFormatException(String message, Throwable cause) { super(message, cause); }
}
