package ai.squared.syncruns.ops;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.hook.DefaultShutdownHook;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The server's logging, set up in code (Logback finds it through {@code META-INF/services}), because
 * reading an XML configuration cost about 0.1 s (4 %) of every start. Every line goes to standard
 * output as text, or as one JSON object (Logback's {@code JsonEncoder}) with {@code LOG_FORMAT=json};
 * {@code LOG_LEVEL} sets the root level. Lines are handed to a background writer, so a slow stdout
 * never stalls an event loop: when its queue of 8192 lines is more than 80 % full, INFO lines (the
 * access log's, in practice) are dropped rather than waited for, and when it is full, any line is.
 *
 * <p>A configuration file named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml}
 * on the class path (the tests'), takes over instead, as in Logback's own order.
 */
public final class LoggingSetup extends ContextAwareBase implements Configurator {
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%replace( %kvp{NONE}){'^ $', ''}%n";
  private static final Map<String, Level> QUIETER = Map.of(
      "org.flywaydb", Level.WARN,
      "io.zonky", Level.WARN,
      "io.netty", Level.WARN,
      "io.opentelemetry", Level.WARN,
      // Vert.x registers its shared gauges once per server / client instance (one per event loop);
      // since Micrometer 1.13 each repeat logs "This Gauge has been already registered" although the
      // gauge counts every instance (checked: 40 wrk connections over 2 event loops read 40)
      "io.micrometer.core.instrument.MeterRegistry", Level.ERROR);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || getClass().getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context, System.getenv("LOG_FORMAT"), System.getenv("LOG_LEVEL"));
    // flush the background writer when the JVM exits (System.exit after SIGTERM or a failed start)
    DefaultShutdownHook flushAtExit = new DefaultShutdownHook();
    flushAtExit.setContext(context);
    Runtime.getRuntime().addShutdownHook(new Thread(flushAtExit, "logback-shutdown"));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * @param format {@code json} for JSON lines, anything else (or null) for text
   * @param level the root level's name; null or unknown means INFO
   */
  static void apply(LoggerContext context, String format, String level) {
    // java.util.logging (the OpenTelemetry SDK) arrives through jul-to-slf4j; this keeps JUL's own
    // level checks in step with Logback's, so disabled levels cost nothing
    LevelChangePropagator julLevels = new LevelChangePropagator();
    julLevels.setContext(context);
    julLevels.setResetJUL(true);
    julLevels.start();
    context.addListener(julLevels);

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder(context, format));
    console.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("async");
    async.setQueueSize(8192);
    async.setNeverBlock(true);
    async.addAppender(console);
    async.start();

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(async);
    QUIETER.forEach((name, quieter) -> context.getLogger(name).setLevel(quieter));
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if ("json".equalsIgnoreCase(format)) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(PATTERN);
    text.start();
    return text;
  }
}
