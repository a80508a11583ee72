package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.JarProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the packaged jar carries: the vendored PgDecoder (see its header), not the client's own. */
class FatJarIT {
  private static final String DECODER = "io/vertx/pgclient/impl/codec/PgDecoder.class";

  @Test
  void theJarCarriesTheVendoredPgDecoder() throws IOException {
    byte[] built = Files.readAllBytes(Path.of("target", "classes").resolve(DECODER));
    try (JarFile jar = new JarFile(JarProcess.JAR.toFile())) {
      ZipEntry packed = jar.getEntry(DECODER);
      assertThat(packed).isNotNull();
      try (InputStream in = jar.getInputStream(packed)) {
        assertThat(in.readAllBytes()).isEqualTo(built);
      }
    }
  }
}
