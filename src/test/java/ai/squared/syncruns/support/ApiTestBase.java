package ai.squared.syncruns.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against the running server on its own fresh database. Subclasses seed data in
 * {@link #seed(Fixtures)} and may change settings through {@link #settings()}.
 * The standard cast: user 1 is a member of workspace 1 only; sync 42 belongs to workspace 1.
 * Tagged {@link Topology#TAG}: the build runs these through each pooling mode too.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Topology.TAG)
public abstract class ApiTestBase {
  protected static final long USER = 1;
  protected static final long WORKSPACE = 1;
  protected static final long OTHER_WORKSPACE = 2;
  protected static final long SYNC = 42;

  protected TestServer server;

  @BeforeAll
  void startServer(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, settings());
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.user(USER, "jti-" + USER).workspace(WORKSPACE).workspace(OTHER_WORKSPACE).member(USER, WORKSPACE)
          .sync(SYNC, WORKSPACE);
      seed(fixtures);
    }
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  protected Map<String, Object> settings() {
    return Map.of();
  }

  protected void seed(Fixtures fixtures) {
  }

  /** GET as user 1 in workspace 1. */
  protected HttpResponse<Buffer> get(String uri) {
    return server.get(uri, Tokens.forUser(USER), WORKSPACE);
  }

  protected static String runsOf(long syncId) {
    return "/api/v1/syncs/" + syncId + "/sync_runs";
  }
}
