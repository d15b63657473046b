package dev.keel.router.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.stream.Collectors;

/**
 * Captures every log event of {@code dev.keel} (at DEBUG while open, so even debug lines are checked) and
 * of Lettuce, with stack traces, for tests that prove what never reaches a log.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger keel = (Logger) LoggerFactory.getLogger("dev.keel");
    private final Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
    private final Level keelLevel = keel.getLevel();

    public LogCapture() {
        appender.start();
        keel.addAppender(appender);
        lettuce.addAppender(appender);
        keel.setLevel(Level.DEBUG);
    }

    /** Every captured line, formatted, with its stack trace. */
    public String text() {
        return appender.list.stream()
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    public long count(Level level, String containing) {
        return appender.list.stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(containing)).count();
    }

    @Override
    public void close() {
        keel.detachAppender(appender);
        lettuce.detachAppender(appender);
        keel.setLevel(keelLevel);
        appender.stop();
    }
}
