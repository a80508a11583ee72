package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A held connection whose session the database ends (a restart, pg_terminate_backend) fails its
 * work, and nothing is printed on standard error: vertx-sql-client prints such an error there when
 * the connection has no exception handler, which breaks one-JSON-object-per-line logs.
 */
@ExtendWith(VertxExtension.class)
class HeldConnectionsTest {

  @Test
  void aSessionEndedByTheDatabaseFailsTheWorkAndPrintsNothing(Vertx vertx) throws Exception {
    String url = TestDatabase.server().createDatabase();
    Database database = Database.connect(vertx, TestServer.config(url, Map.of()), DatabaseUrl.parse(url));
    PrintStream standardError = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Promise<Integer> backend = Promise.promise();
      Future<Object> work = database.held().withConnection(connection ->
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
}
