package dev.gatehouse.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The end of logging in this process. Log lines are written by one writer thread ({@link
 * BatchingStderrAppender}, configured in {@code logback.xml}); stopping the context writes what is
 * still queued before the JVM goes. Done by hand at the two places a {@code gatehouse} process ends,
 * not by logback's own shutdown hook, which would race {@code serve}'s drain of in-flight calls and
 * could drop their last lines.
 */
final class Logs {

    private Logs() {}

    /** Writes every queued line and stops logging; later lines are dropped. Safe to call twice. */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && context.isStarted()) {
            context.stop();
        }
    }
}
