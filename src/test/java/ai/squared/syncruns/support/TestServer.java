package ai.squared.syncruns.support;

import ai.squared.syncruns.Application;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The real application on a fresh test database, listening on a free port, and a WebClient aimed
 * at it. Settings start from {@code config/application.yaml} (so the shipped defaults are what is
 * tested) with the test's overrides on top. In a pooled {@link Topology} the server reaches its
 * database through a PgBouncer of its own, in that pooling mode (DB_POOLER set to match).
 */
public final class TestServer implements AutoCloseable {
  private final Application application;
  private final WebClient client;
  private final String databaseUrl;
  private final PgBouncer pooler;

  private TestServer(Application application, WebClient client, String databaseUrl, PgBouncer pooler) {
    this.application = application;
    this.client = client;
    this.databaseUrl = databaseUrl;
    this.pooler = pooler;
  }

  /** Migrates a new database and starts the server on it. */
  public static TestServer start(Vertx vertx, Map<String, Object> overrides) {
    return start(vertx, TestDatabase.server().createDatabase(), overrides);
  }

  /** The server on {@code databaseUrl} (through a pooler in a pooled topology); fixtures use that URL. */
  public static TestServer start(Vertx vertx, String databaseUrl, Map<String, Object> overrides) {
    Topology topology = Topology.current();
    PgBouncer pooler = topology.pooled() ? PgBouncer.start(databaseUrl, topology.poolMode()) : null;
    try {
      Map<String, Object> settings = new HashMap<>();
      settings.put("DB_POOLER", topology.poolMode());
      settings.putAll(overrides);
      AppConfig config = config(pooler == null ? databaseUrl : pooler.url(), settings);
      Application application = Application.start(vertx, config).await();
      WebClient client = WebClient.create(vertx, new WebClientOptions()
          .setDefaultHost("localhost").setDefaultPort(application.port()).setKeepAlive(true));
      return new TestServer(application, client, databaseUrl, pooler);
    } catch (RuntimeException failed) {
      if (pooler != null) {
        pooler.close();
      }
      throw failed;
    }
  }

  public static AppConfig config(String databaseUrl, Map<String, Object> overrides) {
    JsonObject merged = defaults()
        .put("HTTP_PORT", 0).put("HTTP_INSTANCES", 1).put("DB_POOL_SIZE", 4)
        .put("DATABASE_URL", databaseUrl).put("JWT_SECRET", Tokens.SECRET);
    overrides.forEach(merged::put);
    return ConfigLoader.fromJson(merged);
  }

  public static JsonObject defaults() {
    try {
      Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("config/application.yaml")));
      return new JsonObject(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  public int port() {
    return application.port();
  }

  /** The separate management port (MANAGEMENT_PORT), when configured. */
  public int managementPort() {
    return application.managementPort().orElseThrow();
  }

  public WebClient client() {
    return client;
  }

  /** GET the URI with a bearer token (when not null) and a Workspace-Id (when not null). */
  public HttpResponse<Buffer> get(String uri, String token, Object workspaceId) {
    return request(HttpMethod.GET, uri, token, workspaceId);
  }

  public HttpResponse<Buffer> request(HttpMethod method, String uri, String token, Object workspaceId) {
    HttpRequest<Buffer> request = client.request(method, uri);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (workspaceId != null) {
      request.putHeader("Workspace-Id", String.valueOf(workspaceId));
    }
    return request.send().await();
  }

  /** The PgBouncer between the server and its database, in a pooled topology. */
  public Optional<PgBouncer> pooler() {
    return Optional.ofNullable(pooler);
  }

  @Override
  public void close() {
    client.close();
    try {
      application.stop().await();
    } finally {
      if (pooler != null) {
        pooler.close();
      }
    }
  }
}
