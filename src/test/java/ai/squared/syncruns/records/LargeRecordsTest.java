package ai.squared.syncruns.records;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.ServerSessions;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A page of 1,000 records of 20 KB each (a 20 MB answer) streams with backpressure: a client that
 * stops reading leaves the cursor paused, and the server holds no more than one fetch of records
 * (50, about 1 MB here), one 16 KB chunk and the connection's write queue (Netty's 64 KB high-water
 * mark): measured, the server's heap grows by a few MB at most while the client stalls, not by the
 * page. A client that reads gets all of it.
 */
class LargeRecordsTest extends ApiTestBase {
  private static final long RUN = 7;
  private static final long PAGE_BYTES = 1_000L * 20_000;

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.run(Run.of(RUN, SYNC)).sql("""
        INSERT INTO sync_records (sync_id, sync_run_id, record, fingerprint, primary_key, status, logs,
                                  created_at, updated_at)
        SELECT 42, 7, jsonb_build_object('payload', repeat(md5(n::text), 625)), 'fp' || n, 'pk' || n, 1, NULL,
               TIMESTAMP '2026-01-01' + n * INTERVAL '1 second', now()
          FROM generate_series(1, 1000) AS n
        """);
  }

  private static String page() {
    return runsOf(SYNC) + "/" + RUN + "/sync_records?per_page=1000";
  }

  @Test
  void aStalledReaderCostsOneFetchNotThePage(Vertx vertx) throws Exception {
    long before = heapInUse();
    // a small, fixed receive buffer: the kernel's autotuning could otherwise take much of the page
    NetSocket socket = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(32 * 1024))
        .connect(server.port(), "localhost").await();
    socket.pause();
    socket.write("GET " + page() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Tokens.forUser(USER)
        + "\r\nWorkspace-Id: 1\r\n\r\n").await();
    ServerSessions sessions = new ServerSessions(server.databaseUrl());
    assertThat(sessions.waitFor("idle in transaction", 1, Duration.ofSeconds(10)))
        .as("the cursor is paused while the client does not read").isTrue();
    Thread.sleep(300);
    long grown = heapInUse() - before;
    assertThat(grown).as("heap held for the stalled page (bytes), against a page of %d", PAGE_BYTES)
        .isLessThan(PAGE_BYTES / 4);
    assertThat(get(runsOf(SYNC) + "/" + RUN + "/sync_records").statusCode()).as("others are served meanwhile")
        .isEqualTo(200);

    socket.close().await();
    assertThat(sessions.waitFor("idle in transaction", 0, Duration.ofSeconds(3)))
        .as("the transaction ends once the client is gone").isTrue();
  }

  @Test
  void aReaderGetsTheWholePage() {
    HttpResponse<Buffer> response = get(page());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((long) response.body().length()).isGreaterThan(PAGE_BYTES);
    JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
    assertThat(data).hasSize(1000);
    assertThat(data.getJsonObject(999).getJsonObject("attributes").getJsonObject("record").getString("payload"))
        .hasSize(20_000);
  }

  /** Heap in use once what can be collected is. */
  private static long heapInUse() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
