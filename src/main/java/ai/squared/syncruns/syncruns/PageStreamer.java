package ai.squared.syncruns.syncruns;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import java.util.function.Function;

/**
 * Pipes a cursor of runs into a 200 response as they arrive. Bytes go out in chunks of about
 * {@link #CHUNK_BYTES}; while the connection's write queue is full the cursor is paused, so a slow
 * reader costs a bounded amount of memory. The returned future completes once every row has been
 * read (the database connection can then be released, even if the client is still reading), and
 * fails as soon as the client is seen to be gone, whenever that happened: before the first row, while
 * the cursor is paused, or with rows still arriving. Either way it completes, so the transaction ends.
 * The cursor holds one run more than the page (the look-ahead): it is read, counted, not written;
 * the links are asked for once the rows are done, with the number of runs seen.
 */
final class PageStreamer {
  static final int CHUNK_BYTES = 16 * 1024;
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final RowStream<Row> rows;
  private final HttpServerResponse response;
  private final int perPage;
  private final Function<Integer, Future<PageLinks>> linksAfter;
  private final EnvelopeWriter envelope = new EnvelopeWriter(CHUNK_BYTES + 2048);
  private final Promise<Void> rowsRead = Promise.promise();
  private int seen;

  private PageStreamer(RowStream<Row> rows, HttpServerResponse response, int perPage,
                       Function<Integer, Future<PageLinks>> linksAfter) {
    this.rows = rows;
    this.response = response;
    this.perPage = perPage;
    this.linksAfter = linksAfter;
  }

  /**
   * @param linksAfter the links, given the runs seen (look-ahead included); asked once, after the last row
   */
  static Future<Void> stream(RowStream<Row> rows, HttpServerResponse response, int perPage,
                             Function<Integer, Future<PageLinks>> linksAfter) {
    return new PageStreamer(rows, response, perPage, linksAfter).start();
  }

  private Future<Void> start() {
    if (response.closed()) {
      // gone before the first row: a close handler set now would never be called
      return Future.failedFuture(new ClientGone());
    }
    response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    response.closeHandler(v -> rowsRead.tryFail(new ClientGone()));
    rows.exceptionHandler(rowsRead::tryFail);
    rows.endHandler(v -> finish());
    rows.handler(this::write);
    return rowsRead.future();
  }

  private void write(Row row) {
    if (response.closed()) {
      rowsRead.tryFail(new ClientGone()); // ends the transaction; rows already in flight are dropped
      return;
    }
    if (++seen > perPage) {
      return; // the look-ahead run
    }
    envelope.writeRun(row, 0);
    if (envelope.pendingBytes() >= CHUNK_BYTES) {
      send(envelope.take());
    }
  }

  private void send(Buffer chunk) {
    if (!response.isChunked()) {
      response.setChunked(true);
    }
    response.write(chunk);
    if (response.writeQueueFull()) {
      rows.pause();
      response.drainHandler(v -> rows.resume());
    }
  }

  private void finish() {
    if (response.closed()) {
      rowsRead.tryFail(new ClientGone());
      return;
    }
    linksAfter.apply(seen).onComplete(links -> {
      if (links.failed()) {
        rowsRead.tryFail(links.cause());
      } else if (response.closed()) {
        rowsRead.tryFail(new ClientGone());
      } else {
        envelope.finish(links.result());
        response.end(envelope.take());
        rowsRead.tryComplete();
      }
    });
  }

  /** The client closed the connection before the page was sent. */
  static final class ClientGone extends RuntimeException {
    ClientGone() {
      super("client closed the connection", null, false, false);
    }
  }
}
