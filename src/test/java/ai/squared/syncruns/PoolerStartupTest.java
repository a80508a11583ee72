package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.PgBouncer;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Started with DB_POOLER=none in front of PgBouncer, which refuses the session settings sent as
 * startup parameters, the server stops at once with one line that says what to set; with the
 * pooler's mode set, it starts.
 */
@ExtendWith(VertxExtension.class)
class PoolerStartupTest {

  @Test
  void thePoolersRefusalIsOneLineNamingDbPooler(Vertx vertx) throws Exception {
    String database = TestDatabase.server().createDatabase();
    try (PgBouncer pooler = PgBouncer.start(database, "transaction")) {
      long started = System.nanoTime();
      Throwable failure = Application.start(vertx, TestServer.config(pooler.url(), Map.of("DB_POOLER", "none")))
          .toCompletionStage().toCompletableFuture().handle((application, error) -> error).get(30, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("at once, not after five attempts")
          .isLessThan(2_000);
      assertThat(StartupFailures.describe(failure)).isEqualTo("the database refused the startup parameter "
          + "plan_cache_mode: a connection pooler such as PgBouncer sits in front of PostgreSQL; set "
          + "DB_POOLER=transaction (or session) to match its pooling mode");

      Application application = Application.start(vertx,
          TestServer.config(pooler.url(), Map.of("DB_POOLER", "transaction"))).await();
      application.stop().await();
    }
  }
}
