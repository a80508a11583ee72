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

/**
 * What the packaged jar carries: the vendored PgDecoder and PrepareStatementCommandCodec (see their
 * headers), not the client's own.
 */
class FatJarIT {
  private static final String[] VENDORED = {"io/vertx/pgclient/impl/codec/PgDecoder.class",
      "io/vertx/pgclient/impl/codec/PrepareStatementCommandCodec.class"};

  @Test
  void theJarCarriesTheVendoredClasses() throws IOException {
    try (JarFile jar = new JarFile(JarProcess.JAR.toFile())) {
      for (String vendored : VENDORED) {
        byte[] built = Files.readAllBytes(Path.of("target", "classes").resolve(vendored));
        ZipEntry packed = jar.getEntry(vendored);
        assertThat(packed).as(vendored).isNotNull();
        try (InputStream in = jar.getInputStream(packed)) {
          assertThat(in.readAllBytes()).as(vendored).isEqualTo(built);
        }
      }
    }
  }
}
