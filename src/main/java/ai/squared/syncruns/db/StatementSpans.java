package ai.squared.syncruns.db;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.pgclient.PgConnectOptions;
import java.util.List;

/**
 * The trace span of a statement on a pipelined connection, when tracing is on. vertx-sql-client
 * reports a statement on its connection's context, and one pipelined connection serves many
 * requests: its spans would hang off whichever request opened it, or off none. So those connections
 * report nothing themselves ({@link TracingPolicy#IGNORE}), and each statement is reported here, on
 * its caller's context, with the name and attributes vertx-sql-client gives it. The caller's tracer
 * is only reachable through Vert.x's internal context API.
 */
final class StatementSpans {
  private final String address;
  private final String user;
  private final String database;

  StatementSpans(PgConnectOptions options) {
    this.address = options.getHost() + ":" + options.getPort();
    this.user = options.getUser();
    this.database = options.getDatabase();
  }

  /** A started span, or null when the caller's context has no tracer. */
  Object start(Context caller, String sql) {
    VertxTracer<?, ?> tracer = tracer(caller);
    return tracer == null ? null : send(tracer, caller, sql);
  }

  void end(Context caller, Object span, Throwable failure) {
    if (span != null) {
      receive(tracer(caller), caller, span, failure);
    }
  }

  private <I, O> Object send(VertxTracer<I, O> tracer, Context caller, String sql) {
    return tracer.sendRequest(caller, SpanKind.RPC, TracingPolicy.PROPAGATE, sql, "Query", (name, value) -> { },
        tags);
  }

  @SuppressWarnings("unchecked")
  private static <I, O> void receive(VertxTracer<I, O> tracer, Context caller, Object span, Throwable failure) {
    tracer.receiveResponse(caller, null, (O) span, failure, TagExtractor.empty());
  }

  private static VertxTracer<?, ?> tracer(Context caller) {
    return caller instanceof ContextInternal internal ? internal.tracer() : null;
  }

  /** The attributes vertx-sql-client's QueryReporter sets, in its order. */
  private final TagExtractor<String> tags = new TagExtractor<>() {
    private final List<String> names = List.of("network.peer.address", "span.kind", "db.user", "db.namespace",
        "db.query.text", "db.system");

    @Override
    public int len(String sql) {
      return names.size();
    }

    @Override
    public String name(String sql, int index) {
      return names.get(index);
    }

    @Override
    public String value(String sql, int index) {
      return switch (index) {
        case 0 -> address;
        case 1 -> "client";
        case 2 -> user;
        case 3 -> database;
        case 4 -> sql;
        default -> "postgresql";
      };
    }
  };
}
