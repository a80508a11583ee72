package ai.squared.syncruns.records;

import java.util.Optional;

/** The platform's sync-record status enum: names in the API, integers in {@code sync_records.status}. */
enum RecordStatus {
  PENDING, SUCCESS, FAILED;

  private final String apiName = name().toLowerCase();

  int code() {
    return ordinal();
  }

  String apiName() {
    return apiName;
  }

  static Optional<RecordStatus> fromApiName(String name) {
    for (RecordStatus status : values()) {
      if (status.apiName.equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
