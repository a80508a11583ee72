package ai.squared.syncruns.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * A {@code postgresql://user:password@host:port/database} URL, parsed once by the pg client's own
 * parser and offered in the two forms the server needs: reactive connect options and JDBC (for
 * the migrations).
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static DatabaseUrl parse(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new DatabaseUrl(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
        options.getPassword());
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
        .setPassword(password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** host:port/database: which server and database, for metrics. */
  public String label() {
    return host + ":" + port + "/" + database;
  }

  /** The URL without its password, for logs. */
  public String redacted() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
