package ai.squared.syncruns.syncruns;

/** What the access query found: each check of SPEC §3 in order, and the count when all passed. */
record Access(boolean tokenLive, boolean member, boolean syncVisible, long count) {
}
