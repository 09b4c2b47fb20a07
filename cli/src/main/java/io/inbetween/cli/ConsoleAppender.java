package io.inbetween.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import io.inbetween.wire.console.StatusLine;

import java.nio.charset.StandardCharsets;

/**
 * Log lines to standard error, above the progress bar ({@link StatusLine}) instead of through it.
 * While a command such as upscale shows a bar it sets {@link #quiet}: then only warnings and
 * errors reach the console, unless the user asked for more ({@code --verbose}, {@code INBETWEEN_LOG}).
 */
public final class ConsoleAppender extends AppenderBase<ILoggingEvent> {
    private static volatile Level threshold = Level.TRACE;

    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) { this.encoder = encoder; }

    /** From now on only warnings and errors are shown (the logger levels still decide what is logged at all). */
    static void quiet() { threshold = Level.WARN; }

    @Override public void start() {
        if (encoder == null) {
            addError("no encoder for the console appender");
            return;
        }
        encoder.start();
        super.start();
    }

    @Override protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(threshold)) return;
        StatusLine.stderr().print(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }
}
