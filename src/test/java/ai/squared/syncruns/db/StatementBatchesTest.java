package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executions of one statement issued in one event-loop round reach PostgreSQL as one batch: one
 * implicit transaction, which the tests see as one transaction id shared by the batch's executions.
 */
@ExtendWith(VertxExtension.class)
class StatementBatchesTest {
  private static final String DATABASE = TestDatabase.server().createDatabase();
  /** The execution's own value and its transaction: executions of one batch share the transaction. */
  private static final String TAGGED = "SELECT $1::int AS n, txid_current() AS tx";
  private static final int ROWS = 10;

  private Database database;
  private Batches batches;

  /** The pipelined connections' way in, as the repository uses it, without a deadline of the client's own. */
  private interface Batches {
    Future<RowSet<Row>> execute(String sql, Tuple params, int rowsAtMost);
  }

  @BeforeEach
  void connect(Vertx vertx) {
    // PostgreSQL's own statement_timeout: 100 ms and the backstop's second; no request deadline
    database = Database.connect(vertx, TestServer.config(DATABASE,
        Map.of("DB_PIPELINED_CONNECTIONS", 1, "HTTP_INSTANCES", 1, "DB_STATEMENT_TIMEOUT_MS", 100)),
        DatabaseUrl.parse(DATABASE), ROWS);
    batches = (sql, params, rowsAtMost) -> database.primary().execute(sql, params, rowsAtMost, Deadline.none());
    batches.execute("SELECT 1", Tuple.tuple(), 1).await(); // connected before any timing
  }

  @AfterEach
  void close() {
    database.close().await();
  }

  @Test
  void executionsOfOneRoundShareOneBatchAndEachGetsItsOwnRows(Vertx vertx) {
    List<RowSet<Row>> results = succeeded(inOneRound(vertx, batches -> List.of(
        batches.execute(TAGGED, Tuple.of(1), 1), batches.execute(TAGGED, Tuple.of(2), 1),
        batches.execute(TAGGED, Tuple.of(3), 1))));
    assertThat(results).extracting(rows -> rows.iterator().next().getInteger("n")).containsExactly(1, 2, 3);
    assertThat(results).allSatisfy(rows -> assertThat(rows.size()).isOne());
    assertThat(results).extracting(StatementBatchesTest::transaction).containsOnly(transaction(results.get(0)));
  }

  @Test
  void aBatchCarriesAtMostItsRowsAndOtherStatementsGoInBatchesOfTheirOwn(Vertx vertx) {
    List<RowSet<Row>> results = succeeded(inOneRound(vertx, batches -> List.of(
        batches.execute(TAGGED, Tuple.of(1), 4), batches.execute(TAGGED, Tuple.of(2), 4),
        batches.execute(TAGGED, Tuple.of(3), 4), // 12 rows would be over 10: a second batch
        batches.execute(TAGGED + " -- another statement", Tuple.of(4), 4))));
    List<Long> transactions = results.stream().map(StatementBatchesTest::transaction).toList();
    assertThat(transactions.get(1)).isEqualTo(transactions.get(0));
    assertThat(transactions.get(2)).isNotEqualTo(transactions.get(0));
    assertThat(transactions.get(3)).isNotIn(transactions.get(0), transactions.get(2));
  }

  @Test
  void aResultTooLargeToShareABatchRunsAlone(Vertx vertx) {
    List<RowSet<Row>> results = succeeded(inOneRound(vertx, batches -> List.of(
        batches.execute(TAGGED, Tuple.of(1), 1), batches.execute(TAGGED, Tuple.of(2), 6),
        batches.execute(TAGGED, Tuple.of(3), 1))));
    assertThat(transaction(results.get(2))).isEqualTo(transaction(results.get(0)));
    assertThat(transaction(results.get(1))).isNotEqualTo(transaction(results.get(0)));
  }

  @Test
  void outsideAnEventLoopEachExecutionRunsAtOnce() {
    Future<RowSet<Row>> first = batches.execute(TAGGED, Tuple.of(1), 1);
    Future<RowSet<Row>> second = batches.execute(TAGGED, Tuple.of(2), 1);
    assertThat(transaction(second.await())).isNotEqualTo(transaction(first.await()));
  }

  @Test
  void aStatementThatFailsInABatchFailsAloneAndTheOthersGetTheirRows(Vertx vertx) {
    String divide = "SELECT 10 / $1::int AS n";
    List<Future<RowSet<Row>>> outcomes = inOneRound(vertx, batches -> List.of(
        batches.execute(divide, Tuple.of(1), 1), batches.execute(divide, Tuple.of(0), 1),
        batches.execute(divide, Tuple.of(2), 1)));
    assertThat(outcomes.get(0).await().iterator().next().getInteger("n")).isEqualTo(10);
    assertThat(outcomes.get(2).await().iterator().next().getInteger("n")).isEqualTo(5);
    assertThat(outcomes.get(1).otherwiseEmpty().await()).isNull();
    assertThat(outcomes.get(1).cause()).isInstanceOfSatisfying(PgException.class,
        failure -> assertThat(failure.getSqlState()).isEqualTo("22012"));
  }

  @Test
  void aStatementTimeoutFailsTheWholeBatchOnceWithoutRunningItAgain(Vertx vertx) {
    String sleep = "SELECT pg_sleep($1::float8)";
    long started = System.nanoTime();
    List<Future<RowSet<Row>>> outcomes = inOneRound(vertx, batches -> List.of(
        batches.execute(sleep, Tuple.of(0.0), 1), batches.execute(sleep, Tuple.of(5.0), 1),
        batches.execute(sleep, Tuple.of(0.0), 1)));
    outcomes.forEach(outcome -> outcome.otherwiseEmpty().await());
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.cause())
        .isInstanceOfSatisfying(PgException.class, failure -> assertThat(failure.getSqlState()).isEqualTo("57014")));
    assertThat(elapsedMs).as("one 1.1 s timeout, not two").isLessThan(2_000);
  }

  /** Runs {@code executions} within one event-loop task, as a request handler does. */
  private List<Future<RowSet<Row>>> inOneRound(Vertx vertx,
                                               Function<Batches, List<Future<RowSet<Row>>>> executions) {
    CompletableFuture<List<Future<RowSet<Row>>>> issued = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(ignored -> issued.complete(executions.apply(batches)));
    return issued.join();
  }

  private static List<RowSet<Row>> succeeded(List<Future<RowSet<Row>>> outcomes) {
    return outcomes.stream().map(outcome -> outcome.await()).toList();
  }

  private static long transaction(RowSet<Row> rows) {
    return rows.iterator().next().getLong("tx");
  }
}
