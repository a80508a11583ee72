package ai.squared.syncruns.records;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.TestDatabase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code record} and {@code logs} are the stored JSON exactly (SPEC §6): the answer carries
 * PostgreSQL's own text of each value, byte for byte, whether the page is read in one round trip or
 * streamed. What each case proves:
 * <ul>
 *   <li>1: integers past a long and past a double's 53 bits keep every digit (12345678901234567890);</li>
 *   <li>2: a decimal a double cannot hold (0.1) stays 0.1, not 0.1000000000000000055…;</li>
 *   <li>3: a number past a double's range (1e400, Infinity as a double) keeps its value: PostgreSQL
 *       writes it as a 401-digit integer, and so does the answer;</li>
 *   <li>4: deep nesting (64 levels) comes back whole, key order PostgreSQL's (shorter keys first);</li>
 *   <li>5: strings keep every character: non-ASCII as it is, a character outside the BMP, U+2028, and
 *       the control characters, quote and backslash escaped as JSON requires, nothing more;</li>
 *   <li>6: a JSON null, and 7: SQL NULL, both {@code null}; 8: a value that is not an object;</li>
 *   <li>9: a value of 40 KB, larger than the JSON generator's buffer, multi-byte characters throughout
 *       (the bytes go into the answer another way when they do not fit).</li>
 * </ul>
 */
class StoredJsonTest extends ApiTestBase {
  private static final long RUN = 7;
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0);
  private static final String DEEP = "[".repeat(63) + "{\"leaf\": 1}" + "]".repeat(63);
  private static final String TEXT = "é ü 中 😀 \u2028 \u0001\u001f \t\n \" \\ / end";
  private static final String[] STORED = {
      "{\"big\": 12345678901234567890, \"negative\": -98765432109876543210}",
      "{\"decimal\": 0.1, \"small\": 0.000000000000000000001}",
      "{\"huge\": 1e400}",
      DEEP,
      new JsonObject().put("text", TEXT).put("z", 1).put("aa", 2).encode(),
      "null",
      null,
      "\"just a string\"",
      "{\"large\": \"" + "ü€😀a".repeat(4000) + "\"}"};

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.run(Run.of(RUN, SYNC));
    for (int i = 0; i < STORED.length; i++) {
      fixtures.record(i + 1, SYNC, RUN, STORED[i], 1, 0, STORED[STORED.length - 1 - i], T.plusSeconds(i));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 500}) // in one round trip, and streamed through a cursor
  void eachValueIsPostgresqlsOwnTextByteForByte(int perPage) throws Exception {
    String body = get(runsOf(SYNC) + "/" + RUN + "/sync_records?per_page=" + perPage).bodyAsString();
    for (int id = 1; id <= STORED.length; id++) {
      assertThat(rawValue(body, id, "record")).as("record %d", id).isEqualTo(storedText("record", id));
      assertThat(rawValue(body, id, "logs")).as("logs %d", id).isEqualTo(storedText("logs", id));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 500})
  void numbersAndStringsDecodeToWhatWasStored(int perPage) throws Exception {
    String body = get(runsOf(SYNC) + "/" + RUN + "/sync_records?per_page=" + perPage).bodyAsString();
    assertThat(number(rawValue(body, 1, "record"), "big")).isEqualTo(new BigDecimal("12345678901234567890"));
    assertThat(number(rawValue(body, 1, "record"), "negative")).isEqualTo(new BigDecimal("-98765432109876543210"));
    assertThat(number(rawValue(body, 2, "record"), "decimal")).isEqualTo(new BigDecimal("0.1"));
    assertThat(number(rawValue(body, 2, "record"), "small")).isEqualByComparingTo(new BigDecimal("1e-21"));
    assertThat(number(rawValue(body, 3, "record"), "huge")).isEqualByComparingTo(new BigDecimal("1e400"));
    assertThat(rawValue(body, 3, "record")).contains("1" + "0".repeat(400)).doesNotContain("Infinity");
    assertThat(rawValue(body, 4, "record")).isEqualTo(DEEP);
    JsonObject decoded = new JsonObject(rawValue(body, 5, "record"));
    assertThat(decoded.getString("text")).isEqualTo(TEXT);
    assertThat(decoded.fieldNames()).as("PostgreSQL's key order: shorter keys first").containsExactly("z", "aa", "text");
    assertThat(rawValue(body, 5, "record")).contains("é ü 中 😀 \u2028 \\u0001\\u001f \\t\\n \\\" \\\\ / end");
    assertThat(rawValue(body, 6, "record")).isEqualTo("null");
    assertThat(rawValue(body, 7, "record")).isEqualTo("null");
    assertThat(rawValue(body, 8, "record")).isEqualTo("\"just a string\"");
    assertThat(new BigInteger(rawValue(body, 9, "logs").replaceAll("[^0-9]", "")))
        .as("logs are written the same way").isEqualTo(new BigInteger("12345678901234567890" + "98765432109876543210"));
  }

  /** PostgreSQL's text of a stored value; {@code null} (the JSON literal) for SQL NULL. */
  private String storedText(String column, int id) throws Exception {
    try (Connection connection = TestDatabase.connect(server.databaseUrl());
         PreparedStatement statement = connection.prepareStatement(
             "SELECT " + column + "::text FROM sync_records WHERE id = ?")) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        String text = row.getString(1);
        return text == null ? "null" : text;
      }
    }
  }

  /** The text of attribute {@code name} of the record {@code id} in the answer, as written. */
  static String rawValue(String body, int id, String name) throws IOException {
    int item = body.indexOf("{\"id\":\"" + id + "\"");
    assertThat(item).as("record %d in the answer", id).isNotNegative();
    try (JsonParser parser = new JsonFactory().createParser(body.substring(item))) {
      parser.nextToken(); // the item
      while (parser.nextToken() != JsonToken.END_OBJECT) {
        String field = parser.currentName();
        parser.nextToken();
        if ("attributes".equals(field)) {
          while (parser.nextToken() != JsonToken.END_OBJECT) {
            String attribute = parser.currentName();
            parser.nextToken();
            int start = (int) parser.currentTokenLocation().getCharOffset();
            parser.skipChildren();
            parser.finishToken(); // a string is read lazily: read it to its closing quote
            int end = (int) parser.currentLocation().getCharOffset();
            if (attribute.equals(name)) {
              return body.substring(item + start, item + end);
            }
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    throw new AssertionError(name + " of record " + id + " not found");
  }

  /** The number at {@code key} of a JSON object's text, read as a decimal with every digit. */
  private static BigDecimal number(String json, String key) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() == JsonToken.FIELD_NAME && key.equals(parser.currentName())) {
          parser.nextToken();
          return parser.getDecimalValue();
        }
      }
    }
    throw new AssertionError(key + " not in " + json);
  }
}
