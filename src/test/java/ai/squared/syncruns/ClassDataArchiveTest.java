package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDataArchiveTest {
  @Test
  void anArchiveTheJvmDidNotMapIsNamed() {
    assertThat(ClassDataArchive.refused(List.of("-Xmx160m", "-XX:SharedArchiveFile=/app/a.jsa"), "mixed mode"))
        .contains("/app/a.jsa");
  }

  @Test
  void anArchiveInUseOrNoArchiveAtAllIsNothingToReport() {
    assertThat(ClassDataArchive.refused(List.of("-XX:SharedArchiveFile=/app/a.jsa"), "mixed mode, sharing")).isEmpty();
    assertThat(ClassDataArchive.refused(List.of("-Xmx160m"), "mixed mode")).isEmpty();
  }
}
