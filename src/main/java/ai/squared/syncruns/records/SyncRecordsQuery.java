package ai.squared.syncruns.records;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.http.ValidatedParameters;
import ai.squared.syncruns.paging.Caller;
import java.util.Optional;

/** One validated request for a page of a run's records, with the caller. */
record SyncRecordsQuery(Caller caller, long runId, Optional<RecordStatus> status, int page, int perPage) {

  static SyncRecordsQuery of(ValidatedParameters parameters, Principal principal, boolean checkJti) {
    return new SyncRecordsQuery(Caller.of(parameters, principal, checkJti), parameters.getLong("sync_run_id"),
        Optional.ofNullable(parameters.getString("status")).flatMap(RecordStatus::fromApiName),
        parameters.getInt("page"), parameters.getInt("per_page"));
  }

  /** The status filter's code, -1 for none. */
  int statusCode() {
    return status.map(RecordStatus::code).orElse(-1);
  }

  /** Rows to skip; a long, since page × per_page can exceed an int. */
  long offset() {
    return (long) (page - 1) * perPage;
  }
}
