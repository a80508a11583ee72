package ai.squared.syncruns.paging;

import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import java.util.Iterator;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Pipes a cursor over a one-page statement into the response as its rows arrive. The first row
 * is the access row: a refusal fails the stream before anything is written, so 401/403/404 stay
 * possible; otherwise the status line goes out and each item follows, written by the endpoint's
 * {@link JsonPage.Items}. Bytes go out in chunks of
 * about {@link #CHUNK_BYTES}; while the connection's write queue is full the cursor is paused, so a
 * slow reader costs a bounded amount of memory. The returned future completes once every row has
 * been read (the database connection can then be released, even if the client is still reading),
 * and fails as soon as the client is seen to be gone, whenever that happened: before the first row,
 * while the cursor is paused, or with rows still arriving. Either way it completes, so the
 * transaction ends. The cursor holds one row more than the page (the look-ahead): it is read,
 * counted, not written; the links are asked for once the rows are done, with the number of rows seen.
 *
 * <p>Nothing may hold the connection and its transaction for ever ({@link StallBounds}): while the
 * cursor is paused for a client that takes no bytes for STREAM_STALL_TIMEOUT_MS, that client is cut
 * off (its connection closed); while rows are awaited and the database sends none within the
 * request's {@link Deadline}, the page fails as a database that stopped answering.
 */
public final class PageStreamer {
  public static final int CHUNK_BYTES = 16 * 1024;
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final RowStream<Row> rows;
  private final HttpServerResponse response;
  private final int perPage;
  private final BiFunction<Access, Integer, Future<PageLinks>> linksAfter;
  private final JsonPage envelope = JsonPage.list(CHUNK_BYTES + 2048);
  private final JsonPage.Items items;
  private final Promise<Void> rowsRead = Promise.promise();
  private final StallBounds stall;
  private Access access;
  private int seen;
  private boolean paused;
  private long lastProgress = System.nanoTime();

  /**
   * Rows per fetch of a cursor over a one-page statement: about {@code rowsPerFetch}, in as many
   * fetches as the page alone would take. The statement's rows (the access row, the page, the
   * look-ahead row) split evenly, plus one, so that the last fetch comes back short: a full one
   * would cost another round trip to learn that the cursor is done.
   */
  public static int fetchSize(int perPage, int rowsPerFetch) {
    int fetches = (perPage + rowsPerFetch - 1) / rowsPerFetch;
    return (perPage + 2) / fetches + 1;
  }

  private PageStreamer(RowStream<Row> rows, HttpServerResponse response, int perPage, JsonPage.Items items,
                       StallBounds stall, BiFunction<Access, Integer, Future<PageLinks>> linksAfter) {
    this.rows = rows;
    this.items = items;
    this.response = response;
    this.perPage = perPage;
    this.stall = stall;
    this.linksAfter = linksAfter;
  }

  /**
   * @param items writes each row after the access row as the page's item
   * @param linksAfter the links, given the access row and the rows seen (look-ahead included);
   *                   asked once, after the last row
   */
  public static Future<Void> stream(RowStream<Row> rows, HttpServerResponse response, int perPage,
                                    JsonPage.Items items, StallBounds stall,
                                    BiFunction<Access, Integer, Future<PageLinks>> linksAfter) {
    return new PageStreamer(rows, response, perPage, items, stall, linksAfter).start();
  }

  /**
   * Answers with a page read whole (one round trip): the access row first (a refusal fails the
   * answer), then the page's total, given the rows seen ({@link PageTotals.Total#given}, with
   * {@code recount} when the page cannot settle it), then its items, not the look-ahead row, and its
   * links, in one buffer.
   */
  public static Future<Void> answerWhole(HttpServerResponse response, RowSet<Row> rows, int perPage,
                                         JsonPage.Items items, PageTotals.Total total,
                                         Function<Boolean, Future<Long>> recount, LongFunction<PageLinks> links) {
    Iterator<Row> iterator = rows.iterator();
    Access access = Access.of(iterator.next());
    ApiError refusal = access.refusal();
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    return total.given(access, rows.size() - 1, recount)
        .compose(count -> writeWhole(response, iterator, perPage, items, links.apply(count)));
  }

  /** Nothing when the request was answered already (a 503 once its deadline had passed). */
  private static Future<Void> writeWhole(HttpServerResponse response, Iterator<Row> rows, int perPage,
                                         JsonPage.Items items, PageLinks links) {
    if (response.ended()) {
      return Future.succeededFuture();
    }
    JsonPage page = JsonPage.list(1024 + perPage * 512);
    for (int written = 0; written < perPage && rows.hasNext(); written++) {
      page.add(items, rows.next());
    }
    page.finish(links);
    return response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(page.take());
  }

  private Future<Void> start() {
    if (response.closed()) {
      // gone before the first row: a close handler set now would never be called
      return Future.failedFuture(new ClientGone());
    }
    response.closeHandler(v -> rowsRead.tryFail(new ClientGone()));
    rows.exceptionHandler(rowsRead::tryFail);
    rows.endHandler(v -> finish());
    rows.handler(this::take);
    long period = stall.checkPeriodMs();
    if (period > 0) {
      long watch = stall.vertx().setPeriodic(period, id -> checkProgress());
      rowsRead.future().onComplete(done -> stall.vertx().cancelTimer(watch));
    }
    return rowsRead.future();
  }

  /** Fails the page when what it waits for (the client while paused, else the database) stalled. */
  private void checkProgress() {
    long stalledMs = (System.nanoTime() - lastProgress) / 1_000_000;
    if (paused && stall.clientMs() > 0 && stalledMs >= stall.clientMs()) {
      response.reset(); // closes the connection: the client took nothing for too long
      rowsRead.tryFail(new ClientGone());
    } else if (!paused && stall.databaseMs() > 0 && stalledMs >= stall.databaseMs()) {
      if (response.headWritten()) {
        response.reset(); // a 503 can no longer be sent: cut the page off rather than leave it open
      }
      rowsRead.tryFail(new Deadline.NoReplyInTime(stall.databaseMs()));
    }
  }

  private void take(Row row) {
    lastProgress = System.nanoTime();
    try {
      write(row);
    } catch (RuntimeException unexpected) { // a row not as the statement promises: fail, not hang
      rowsRead.tryFail(unexpected);
    }
  }

  private void write(Row row) {
    if (rowsRead.future().isComplete()) {
      return; // refused or the client is gone: rows already in flight are dropped
    }
    if (response.closed() || response.ended()) {
      // the client left, or was answered already (a 503 past the request's deadline): end the transaction
      rowsRead.tryFail(new ClientGone());
      return;
    }
    if (access == null) {
      admit(Access.of(row));
      return;
    }
    if (++seen > perPage) {
      return; // the look-ahead row
    }
    envelope.add(items, row);
    if (envelope.pendingBytes() >= CHUNK_BYTES) {
      send(envelope.take());
    }
  }

  private void admit(Access checked) {
    ApiError refusal = checked.refusal();
    if (refusal != null) {
      rowsRead.tryFail(refusal);
    } else {
      access = checked;
      response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    }
  }

  private void send(Buffer chunk) {
    if (!response.isChunked()) {
      response.setChunked(true);
    }
    response.write(chunk);
    if (response.writeQueueFull()) {
      rows.pause();
      paused = true;
      response.drainHandler(v -> {
        paused = false;
        lastProgress = System.nanoTime();
        rows.resume();
      });
    }
  }

  private void finish() {
    if (rowsRead.future().isComplete()) {
      return;
    }
    if (response.closed() || response.ended()) {
      rowsRead.tryFail(new ClientGone());
      return;
    }
    if (access == null) {
      rowsRead.tryFail(new IllegalStateException("the cursor returned no access row"));
      return;
    }
    linksAfter.apply(access, seen).onComplete(links -> {
      if (links.failed()) {
        rowsRead.tryFail(links.cause());
      } else if (response.closed() || response.ended()) {
        rowsRead.tryFail(new ClientGone());
      } else {
        envelope.finish(links.result());
        response.end(envelope.take());
        rowsRead.tryComplete();
      }
    });
  }

  /**
   * How long a streamed page may make no progress: {@code clientMs} while paused for its client
   * (STREAM_STALL_TIMEOUT_MS), {@code databaseMs} while waiting for rows (the request's
   * {@link Deadline}); 0 is no bound. Checked every half of the shorter one.
   */
  public record StallBounds(Vertx vertx, long clientMs, long databaseMs) {
    long checkPeriodMs() {
      long shorter = clientMs == 0 ? databaseMs : databaseMs == 0 ? clientMs : Math.min(clientMs, databaseMs);
      return shorter == 0 ? 0 : Math.max(1, shorter / 2);
    }
  }

  /** The client closed the connection before the page was sent (or was cut off for taking nothing). */
  public static final class ClientGone extends RuntimeException {
    ClientGone() {
      super("client closed the connection, or took nothing for STREAM_STALL_TIMEOUT_MS", null, false, false);
    }
  }
}
