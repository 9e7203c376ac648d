package io.fleetpulse.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what the application logs under a category (the test JVM runs the JBoss log manager). */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Everything logged under {@code category} (and its children) from now on. */
    public static LogCapture of(String category) {
        return new LogCapture(category);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as "LEVEL logger: message" plus its exception, formatted. */
    public List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + format(r)
                + (r.getThrown() == null ? "" : " | " + r.getThrown())).toList();
    }

    public List<String> errors() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(r -> r.getLoggerName() + ": " + format(r) + (r.getThrown() == null ? "" : " | " + r.getThrown()))
                .toList();
    }

    private static String format(LogRecord record) {
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        return String.valueOf(record.getMessage());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
