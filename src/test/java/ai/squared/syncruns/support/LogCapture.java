package ai.squared.syncruns.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The log lines a test provokes: every logger's, from {@link #start} until {@link #close}. */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private LogCapture() {
  }

  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    capture.lines.start();
    capture.root.addAppender(capture.lines);
    return capture;
  }

  /** The lines so far. */
  public List<ILoggingEvent> lines() {
    synchronized (lines) { // AppenderBase.doAppend holds this lock while it adds a line
      return new ArrayList<>(lines.list);
    }
  }

  /** The lines of {@code logger} (its simple class name) so far. */
  public List<ILoggingEvent> linesOf(String logger) {
    return lines().stream().filter(line -> line.getLoggerName().endsWith("." + logger)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(lines);
  }
}
