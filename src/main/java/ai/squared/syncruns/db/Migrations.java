package ai.squared.syncruns.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the versioned SQL under {@code db/migration} (blocking: run it on a worker thread). */
public final class Migrations {
  private Migrations() {
  }

  public static MigrateResult apply(DatabaseUrl url) {
    return Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load()
        .migrate();
  }
}
