package io.vertx.pgclient.impl.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The vendored PgDecoder and PrepareStatementCommandCodec (see their headers) are the ones loaded, and
 * still match the client around them.
 */
class VendoredCodecTest {
  /** The vertx-pg-client release the vendored files were copied from. */
  private static final String COPIED_FROM = "5.0.7";

  @Test
  void theVendoredCopiesAreTheOnesLoaded() {
    String libraryJar = PgCodec.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(libraryJar).contains("vertx-pg-client");
    for (Class<?> vendored : new Class<?>[] {PgDecoder.class, PrepareStatementCommandCodec.class}) {
      assertThat(vendored.getProtectionDomain().getCodeSource().getLocation().toString()).as(vendored.getName())
          .doesNotContain("vertx-pg-client");
    }
  }

  @Test
  void theClientIsTheReleaseTheCopyWasTakenFrom() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = PgCodec.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/io.vertx/vertx-pg-client/pom.properties")) {
      assertThat(in).isNotNull();
      pom.load(in);
    }
    assertThat(pom.getProperty("version"))
        .as("vertx-pg-client changed: compare its PgDecoder.java and PrepareStatementCommandCodec.java with "
            + "the vendored copies, then update this")
        .isEqualTo(COPIED_FROM);
  }
}
