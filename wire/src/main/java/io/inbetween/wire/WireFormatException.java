package io.inbetween.wire;

import org.apache.kafka.common.errors.SerializationException;

/** A record that is not in Inbetween's wire format: a poison record, to be set aside, not retried. */
public final class WireFormatException extends SerializationException {
    public WireFormatException(String message) { super(message); }
    public WireFormatException(String message, Throwable cause) { super(message, cause); }
}
