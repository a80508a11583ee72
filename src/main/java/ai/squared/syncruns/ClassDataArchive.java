package ai.squared.syncruns;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * The class-data archive the JVM was told to use (-XX:SharedArchiveFile) but could not: one made for
 * another jar, another path of the jar or another JVM build. JDK 17 then starts without any archive,
 * silently and about a third slower, so the start says so.
 */
final class ClassDataArchive {
  private static final String OPTION = "-XX:SharedArchiveFile=";

  private ClassDataArchive() {
  }

  static Optional<String> refused() {
    return refused(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.vm.info", ""));
  }

  /** The archive named in the JVM's options when the JVM reports no class sharing ("mixed mode, sharing"). */
  static Optional<String> refused(List<String> jvmOptions, String vmInfo) {
    if (vmInfo.contains("sharing")) {
      return Optional.empty();
    }
    return jvmOptions.stream().filter(option -> option.startsWith(OPTION))
        .map(option -> option.substring(OPTION.length())).reduce((first, last) -> last);
  }
}
