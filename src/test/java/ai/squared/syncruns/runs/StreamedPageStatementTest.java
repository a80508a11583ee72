package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.DatabaseUrl;
import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.paging.Access;
import ai.squared.syncruns.db.Migrations;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A streamed page's cursor needs a statement prepared by hand, and a statement prepared by hand stays
 * in the session until it is closed. A held connection keeps one per statement text, prepared once
 * and planned once, however many pages it streams; it must not collect one per page (measured once:
 * ~50 KB of PostgreSQL memory each, 300 MB per backend in 20 s of streamed pages). Behind a
 * transaction pooler nothing may outlive its transaction: each page closes what it prepared. The
 * cursor reads the one-page statement: access row first.
 */
@ExtendWith(VertxExtension.class)
class StreamedPageStatementTest {
  private static final long USER = 1;
  private static final long WORKSPACE = 1;
  private static final long SYNC = 42;
  private static final int PAGES = 5;

  private Database database;
  private SyncRunsRepository repository;

  private String url;

  @BeforeEach
  void seed() throws Exception {
    url = TestDatabase.server().createDatabase();
    Migrations.apply(DatabaseUrl.parse(url));
    try (Fixtures fixtures = new Fixtures(url)) {
      fixtures.user(USER, null).workspace(WORKSPACE).member(USER, WORKSPACE).sync(SYNC, WORKSPACE)
          .sql("""
              INSERT INTO sync_runs (sync_id, workspace_id, status, created_at, updated_at)
              SELECT 42, 1, 5, TIMESTAMP '2026-01-01' + n * INTERVAL '1 second', now()
                FROM generate_series(1, 300) AS n
              """);
    }
    repository = new SyncRunsRepository();
  }

  /** One held connection, so that every page and the checks share a session. */
  private void connect(Vertx vertx, String pooler) {
    database = Database.connect(vertx,
        TestServer.config(url, Map.of("DB_POOL_SIZE", 1, "HTTP_INSTANCES", 1, "DB_POOLER", pooler)),
        DatabaseUrl.parse(url), 0);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close().await();
    }
  }

  @Test
  void aConnectionPreparesAndPlansEachStreamedStatementOnce(Vertx vertx) {
    connect(vertx, "none");
    streamPages();
    assertThat(preparedStatements()).as("statements in the session after %d streamed pages", PAGES)
        .containsExactly(PAGES + " generic, 0 custom");
  }

  @Test
  void behindATransactionPoolerEachStreamedPageClosesWhatItPrepared(Vertx vertx) {
    connect(vertx, "transaction");
    streamPages();
    assertThat(preparedStatements()).as("statements in the session after %d streamed pages", PAGES).isEmpty();
  }

  @Test
  void aKeptStatementThatNoLongerFitsTheTableIsPreparedAgain(Vertx vertx) throws Exception {
    connect(vertx, "none");
    streamPages();
    try (Fixtures fixtures = new Fixtures(url)) {
      fixtures.sql("ALTER TABLE sync_runs ALTER COLUMN total_rows TYPE bigint"); // a column of the page changes type
    }
    assertThatThrownBy(this::streamPage).as("the page planned for the old column type")
        .hasMessageContaining("cached plan must not change result type");
    streamPage();
    assertThat(preparedStatements()).as("the unfit statement closed, the new one kept").containsExactly("1 generic, 0 custom");
  }

  private void streamPages() {
    for (int page = 0; page < PAGES; page++) {
      streamPage();
    }
  }

  private void streamPage() {
    SyncRunsQuery query = new SyncRunsQuery(USER, Optional.empty(), WORKSPACE, SYNC, Optional.empty(), 1, 200);
    List<Row> rows = database.primary().withTransaction(Deadline.none(), transaction ->
        repository.streamPage(transaction, query, true, 101, StreamedPageStatementTest::readAll)).await();
    assertThat(rows).as("the access row, 200 runs, the look-ahead run").hasSize(202);
    assertThat(Access.of(rows.get(0))).isEqualTo(new Access(true, true, true, true, 300L));
  }

  /** The prepared statements of the held connection's session, each as its plans' counts. */
  private List<String> preparedStatements() {
    return database.primary().withTransaction(Deadline.none(), transaction -> transaction.execute(
            "SELECT generic_plans || ' generic, ' || custom_plans || ' custom' FROM pg_prepared_statements"
                + " WHERE statement NOT LIKE '%pg_prepared_statements%'", Tuple.tuple())
        .map(rows -> {
          List<String> statements = new ArrayList<>();
          rows.forEach(row -> statements.add(row.getString(0)));
          return statements;
        })).await();
  }

  private static Future<List<Row>> readAll(RowStream<Row> stream) {
    Promise<List<Row>> done = Promise.promise();
    List<Row> rows = new ArrayList<>();
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(rows)).handler(rows::add);
    return done.future();
  }
}
