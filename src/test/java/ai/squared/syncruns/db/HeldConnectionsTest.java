package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each event loop takes held connections from a pool of its own (connections on that loop). A held
 * connection whose session the database ends (a restart, pg_terminate_backend) fails its work, and
 * nothing is printed on standard error: vertx-sql-client prints such an error there when the
 * connection has no exception handler, which breaks one-JSON-object-per-line logs.
 */
@ExtendWith(VertxExtension.class)
class HeldConnectionsTest {

  @Test
  void aSessionEndedByTheDatabaseFailsTheWorkAndPrintsNothing(Vertx vertx) throws Exception {
    String url = TestDatabase.server().createDatabase();
    Database database = Database.connect(vertx, TestServer.config(url, Map.of()), DatabaseUrl.parse(url), 0);
    PrintStream standardError = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Promise<Integer> backend = Promise.promise();
      Future<Object> work = database.primary().held().withConnection(Deadline.none(), connection ->
          connection.query("SELECT pg_backend_pid()").execute()
              .compose(rows -> {
                backend.complete(rows.iterator().next().getInteger(0));
                return connection.query("SELECT pg_sleep(5)").execute().map(slept -> (Object) "slept");
              }));
      int pid = backend.future().await();
      try (Fixtures admin = new Fixtures(url)) {
        admin.sql("SELECT pg_terminate_backend(" + pid + ")");
      }

      assertThat(work.otherwiseEmpty().await()).as("the work failed with its session").isNull();
      assertThat(work.failed()).isTrue();
      Thread.sleep(200); // the client reports the session's end after failing the statement
      assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    } finally {
      System.setErr(standardError);
      database.close().await();
    }
  }

  @Test
  void eachEventLoopTakesConnectionsFromAPoolOfItsOwn(Vertx vertx) throws Exception {
    String url = TestDatabase.server().createDatabase();
    // two event loops serve requests and share two held connections: one each
    Database database = Database.connect(vertx, TestServer.config(url,
        Map.of("HTTP_INSTANCES", 2, "DB_POOL_SIZE", 2, "DB_CONNECT_TIMEOUT_MS", 500)), DatabaseUrl.parse(url), 0);
    try {
      List<Context> loops = twoEventLoops(vertx);
      HeldConnections held = database.primary().held();
      Promise<Integer> holding = Promise.promise();
      Promise<Void> release = Promise.promise();
      loops.get(0).runOnContext(v -> held.withConnection(Deadline.none(), connection -> backend(connection)
          .compose(pid -> {
            holding.complete(pid);
            return release.future();
          })));
      int firstLoopsConnection = holding.future().await();

      Future<Integer> sameLoop = onLoop(loops.get(0), () -> held.withConnection(Deadline.none(), HeldConnectionsTest::backend));
      Future<Integer> otherLoop = onLoop(loops.get(1), () -> held.withConnection(Deadline.none(), HeldConnectionsTest::backend));
      assertThat(otherLoop.await()).as("the other loop has a connection of its own").isNotEqualTo(firstLoopsConnection);
      assertThat(sameLoop.otherwiseEmpty().await()).as("the first loop's only connection is taken").isNull();
      assertThat(sameLoop.cause()).isInstanceOf(HeldConnections.NoConnectionInTime.class);
      assertThat(held.openConnections()).isEqualTo(2);

      release.complete();
      assertThat(onLoop(loops.get(0), () -> held.withConnection(Deadline.none(), HeldConnectionsTest::backend)).await())
          .as("given back, the first loop's connection serves it again").isEqualTo(firstLoopsConnection);
    } finally {
      database.close().await();
    }
  }

  private static Future<Integer> backend(SqlConnection connection) {
    return connection.query("SELECT pg_backend_pid()").execute().map(rows -> rows.iterator().next().getInteger(0));
  }

  private static <T> Future<T> onLoop(Context loop, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }

  /** The contexts of a verticle deployed twice: two event loops (the test's Vert.x has more than one). */
  private static List<Context> twoEventLoops(Vertx vertx) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)).await();
    assertThat(contexts).hasSize(2).allMatch(Context::isEventLoopContext);
    Set<String> threads = new HashSet<>();
    for (Context context : contexts) {
      threads.add(onLoop(context, () -> Future.succeededFuture(Thread.currentThread().getName())).await());
    }
    assertThat(threads).as("two different event loops").hasSize(2);
    return contexts;
  }
}
