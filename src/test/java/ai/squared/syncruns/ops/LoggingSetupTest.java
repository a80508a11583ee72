package ai.squared.syncruns.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The logging set up in code: text and JSON lines on stdout, the levels, and when a file takes over. */
class LoggingSetupTest {

  @Test
  void textLinesCarryTimeLevelLoggerMessageAndKeyValuesWithNoTrailingSpace() {
    List<String> lines = logged("text", null, context -> {
      Logger access = context.getLogger("access");
      access.info("plain");
      access.atInfo().addKeyValue("status", 200).addKeyValue("route", "/x").log("request");
    });
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  access - plain");
    assertThat(lines.get(1)).endsWith("INFO  access - request status=200 route=/x");
  }

  @Test
  void jsonFormatWritesOneJsonObjectPerLine() {
    List<String> lines = logged("JSON", null, context -> context.getLogger("Main").warn("listening on {}", 8080));
    assertThat(lines).singleElement().satisfies(line -> {
      JsonObject json = new JsonObject(line);
      assertThat(json.getString("level")).isEqualTo("WARN");
      assertThat(json.getString("loggerName")).isEqualTo("Main");
      assertThat(json.getString("formattedMessage")).isEqualTo("listening on 8080");
      assertThat(json.containsKey("message")).isFalse();
    });
  }

  @Test
  void rootLevelComesFromLogLevelAndDefaultsToInfo() {
    assertThat(logged(null, "WARN", context -> {
      context.getLogger("a").info("dropped");
      context.getLogger("a").warn("kept");
    })).singleElement().asString().endsWith("kept");
    assertThat(logged(null, "loud", context -> {
      context.getLogger("a").debug("dropped");
      context.getLogger("a").info("kept");
    })).singleElement().asString().endsWith("kept");
  }

  @Test
  void chattyLibrariesAreQuieter() {
    LoggerContext context = context();
    LoggingSetup.apply(context, null, "DEBUG");
    assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.flywaydb.core").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.micrometer.core.instrument.MeterRegistry").getEffectiveLevel())
        .isEqualTo(Level.ERROR);
    assertThat(context.getLogger("ai.squared").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    context.stop();
  }

  @Test
  void aLogbackTestXmlOnTheClassPathTakesOver() {
    LoggingSetup setup = new LoggingSetup();
    LoggerContext context = context();
    setup.setContext(context);
    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
  }

  /** A context as Logback's SLF4J provider makes one, before configuration. */
  private static LoggerContext context() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    return context;
  }

  /** Lines written to stdout by a context set up with these settings while {@code logging} runs. */
  private static List<String> logged(String format, String level, Consumer<LoggerContext> logging) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LoggerContext context = context();
      LoggingSetup.apply(context, format, level);
      logging.accept(context);
      context.stop(); // drains the background writer
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
