package ai.squared.syncruns.runs;

/** Positions of the columns in {@link SyncRunsSql}'s page queries. */
final class SyncRunColumns {
  static final int ID = 0;
  static final int SYNC_ID = 1;
  static final int STATUS = 2;
  static final int STARTED_AT = 3;
  static final int FINISHED_AT = 4;
  static final int TOTAL_QUERY_ROWS = 5;
  static final int SKIPPED_ROWS = 6;
  static final int TOTAL_ROWS = 7;
  static final int SUCCESSFUL_ROWS = 8;
  static final int FAILED_ROWS = 9;
  static final int ERROR = 10;
  static final int CREATED_AT = 11;
  static final int UPDATED_AT = 12;

  private SyncRunColumns() {
  }
}
