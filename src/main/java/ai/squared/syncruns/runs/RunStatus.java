package ai.squared.syncruns.runs;

import java.util.Optional;

/** The platform's sync-run status enum: names in the API, integers in {@code sync_runs.status}. */
public enum RunStatus {
  PENDING(0), STARTED(1), QUERYING(2), QUEUED(3), IN_PROGRESS(4), SUCCESS(5), PAUSED(6), FAILED(7), CANCELED(8);

  private static final RunStatus[] BY_CODE = values();
  private final int code;
  private final String apiName;

  RunStatus(int code) {
    this.code = code;
    this.apiName = name().toLowerCase();
  }

  public int code() {
    return code;
  }

  public String apiName() {
    return apiName;
  }

  public static Optional<RunStatus> fromApiName(String name) {
    for (RunStatus status : BY_CODE) {
      if (status.apiName.equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
