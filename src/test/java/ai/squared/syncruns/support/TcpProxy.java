package ai.squared.syncruns.support;

import ai.squared.syncruns.db.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the test database, so a test can take "the database" away (refuse new
 * connections and cut the open ones) and bring it back on the same port, or freeze it: every
 * connection stays open and nothing passes, as in a network partition, until it thaws.
 */
public final class TcpProxy {
  private final Vertx vertx;
  private final DatabaseUrl target;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final List<NetSocket> waiting = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;
  private NetServer server;
  private int port;

  public TcpProxy(Vertx vertx, DatabaseUrl target) {
    this.vertx = vertx;
    this.target = target;
    this.client = vertx.createNetClient();
  }

  /** A relay, listening, in front of the database at {@code databaseUrl}. */
  public static TcpProxy startInFrontOf(Vertx vertx, String databaseUrl) {
    TcpProxy proxy = new TcpProxy(vertx, DatabaseUrl.parse(databaseUrl));
    proxy.start().await();
    return proxy;
  }

  /** The database's URL, through the relay. */
  public String url() {
    return "postgresql://" + target.user() + ":" + target.password() + "@127.0.0.1:" + port + "/" + target.database();
  }

  public Future<Void> start() {
    server = vertx.createNetServer().connectHandler(this::relay);
    return server.listen(port, "127.0.0.1").map(listening -> {
      port = listening.actualPort();
      return null;
    });
  }

  /** The database is gone: new connections are refused and open ones are cut. */
  public Future<Void> stop() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
    return server.close();
  }

  /** Nothing passes any more, either way, and new connections are accepted but not relayed. */
  public void freeze() {
    frozen = true;
    sockets.forEach(NetSocket::pause);
  }

  /** Everything held back passes again, and the connections that came meanwhile are relayed. */
  public void thaw() {
    frozen = false;
    sockets.forEach(NetSocket::resume);
    waiting.forEach(this::connect);
    waiting.clear();
  }

  private void relay(NetSocket downstream) {
    downstream.pause();
    sockets.add(downstream);
    if (frozen) {
      waiting.add(downstream);
      return;
    }
    connect(downstream);
  }

  private void connect(NetSocket downstream) {
    client.connect(target.port(), target.host()).onComplete(connected -> {
      if (connected.failed()) {
        downstream.close();
        return;
      }
      NetSocket upstream = connected.result();
      sockets.add(upstream);
      downstream.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> downstream.close());
      downstream.pipeTo(upstream);
      upstream.pipeTo(downstream);
      downstream.resume();
    });
  }
}
