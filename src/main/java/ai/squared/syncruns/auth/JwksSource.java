package ai.squared.syncruns.auth;

import ai.squared.syncruns.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWKS document of JWT_JWKS, from a file or an http(s) URL: read at start (a failure stops the
 * start), then read again when a token names a {@code kid} it does not hold, at most once per
 * {@link #REFRESH_INTERVAL_NANOS} (the first time at once); while the source is unreachable the
 * last good set keeps serving. Shared by every event loop; each verifier rebuilds its keys when {@link #version} moves.
 */
public final class JwksSource {
  static final long REFRESH_INTERVAL_NANOS = 60_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(JwksSource.class);
  private static final int FETCH_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String location;
  private final HttpClient http;
  private final AtomicLong lastFetch = new AtomicLong();
  private volatile Keys keys;

  private record Keys(List<JsonObject> jwks, Set<String> kids, long version) {
  }

  private JwksSource(Vertx vertx, String location) {
    this.vertx = vertx;
    this.location = location;
    this.http = isUrl(location) ? vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(FETCH_TIMEOUT_MS))
        : null;
  }

  /** Reads the document once; fails (naming JWT_JWKS) when it cannot be read or holds no usable key. */
  public static Future<JwksSource> open(Vertx vertx, String location) {
    JwksSource source = new JwksSource(vertx, location);
    // the first unknown kid may look again at once; after that, once a minute at most
    source.lastFetch.set(System.nanoTime() - REFRESH_INTERVAL_NANOS);
    return source.fetch().map(jwks -> {
      source.keys = new Keys(jwks, kids(jwks), 1);
      return source;
    }).recover(failure -> Future.failedFuture(failure instanceof ConfigException ? failure
        : new ConfigException("JWT_JWKS", "could not be read from " + location + ": " + failure.getMessage())));
  }

  List<JsonObject> jwks() {
    return keys.jwks();
  }

  long version() {
    return keys.version();
  }

  boolean holds(String kid) {
    return keys.kids().contains(kid);
  }

  /**
   * Reads the document again unless that was done less than a minute ago; true when a new set was
   * taken. A failed read keeps the current set.
   */
  Future<Boolean> refresh() {
    long now = System.nanoTime();
    long last = lastFetch.get();
    if (now - last < REFRESH_INTERVAL_NANOS || !lastFetch.compareAndSet(last, now)) {
      return Future.succeededFuture(false);
    }
    return fetch().map(jwks -> {
      keys = new Keys(jwks, kids(jwks), keys.version() + 1);
      LOG.info("JWKS refreshed from {}: {} keys", location, jwks.size());
      return true;
    }).recover(failure -> {
      LOG.warn("JWKS refresh from {} failed, keeping the last good set: {}", location, failure.getMessage());
      return Future.succeededFuture(false);
    });
  }

  private Future<List<JsonObject>> fetch() {
    Future<Buffer> body = http == null ? vertx.fileSystem().readFile(location) : download();
    return body.map(buffer -> parse(buffer.toJsonObject()));
  }

  /**
   * One GET, failed after {@link #FETCH_TIMEOUT_MS} whatever the client does: the client's own
   * timeout ends with the response's head, and a body that never ends would hold the start forever.
   * The exchange runs on a Vert.x context and asks for the body in the callback that hands over the
   * response: chained from a thread outside Vert.x (Main's, a test's), that step could come after the
   * response had already ended, and its body would never complete.
   */
  private Future<Buffer> download() {
    Promise<Buffer> body = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      long timer = vertx.setTimer(FETCH_TIMEOUT_MS,
          id -> body.tryFail("no complete answer within " + FETCH_TIMEOUT_MS + " ms"));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(location)
          .setTimeout(FETCH_TIMEOUT_MS);
      http.request(request).compose(req -> {
        body.future().onFailure(late -> req.reset()); // a fetch given up on leaves no exchange open
        return req.send().compose(this::okBody);
      }).onComplete(done -> {
        vertx.cancelTimer(timer);
        if (done.succeeded()) {
          body.tryComplete(done.result());
        } else {
          body.tryFail(done.cause());
        }
      });
    });
    return body.future();
  }

  private Future<Buffer> okBody(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture("HTTP " + response.statusCode());
    }
    return response.body();
  }

  /** RSA and EC P-256 keys, each pinned to its algorithm (RS256, ES256). */
  static List<JsonObject> parse(JsonObject document) {
    JsonArray keys = document.getJsonArray("keys");
    if (keys == null || keys.isEmpty()) {
      throw new ConfigException("JWT_JWKS", "has no keys");
    }
    List<JsonObject> jwks = new ArrayList<>();
    for (Object key : keys) {
      JsonObject jwk = ((JsonObject) key).copy();
      String type = jwk.getString("kty");
      if (!"RSA".equals(type) && !("EC".equals(type) && "P-256".equals(jwk.getString("crv")))) {
        throw new ConfigException("JWT_JWKS", "holds a key that is neither RSA nor EC P-256");
      }
      jwk.put("alg", "RSA".equals(type) ? "RS256" : "ES256");
      jwks.add(jwk);
    }
    return jwks;
  }

  private static Set<String> kids(List<JsonObject> jwks) {
    return jwks.stream().map(jwk -> jwk.getString("kid")).filter(kid -> kid != null).collect(Collectors.toSet());
  }

  private static boolean isUrl(String location) {
    return location.startsWith("http://") || location.startsWith("https://");
  }
}
