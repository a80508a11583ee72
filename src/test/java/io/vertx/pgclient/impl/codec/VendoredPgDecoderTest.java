package io.vertx.pgclient.impl.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The vendored PgDecoder (see its header) is the one loaded, and still matches the client around it. */
class VendoredPgDecoderTest {
  /** The vertx-pg-client release the vendored file was copied from. */
  private static final String COPIED_FROM = "5.0.7";

  @Test
  void theVendoredCopyIsTheOneLoaded() {
    String loadedFrom = PgDecoder.class.getProtectionDomain().getCodeSource().getLocation().toString();
    String libraryJar = PgCodec.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(libraryJar).contains("vertx-pg-client");
    assertThat(loadedFrom).doesNotContain("vertx-pg-client");
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
        .as("vertx-pg-client changed: compare its PgDecoder.java with the vendored copy, then update this")
        .isEqualTo(COPIED_FROM);
  }
}
